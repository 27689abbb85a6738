/**
 * Daily air-quality forecasts 1–7 days ahead on the 12 Beijing sites (issue #15): NO2 and PM2.5 daily means,
 * with and without weather covariates.
 *
 *   npm run bench -- air [--pollutants no2,pm25[,o3]] [--step 1] [--auto-step 14] [--calib-windows 52] [--calib-step 7]
 *                        [--workers 1] [--only snaive,auto,gbdt] [--limit-origins N] [--scale local|global] [--select whole|per-step]
 *
 * Data: ../shared/data/air/beijing/*-hourly-*.csv (hourly, 2013-03-01 … 2016-02-29) turned into daily means
 * (a day with fewer than 12 valid hours is missing); precipitation is the daily sum, wind direction the
 * daily mean wind vector (u, v) from the 16-point direction and the speed ("cv" = calm = 0).
 *
 * Split: models see data up to each origin only. Test origins are 2015-08-31 and every `--step` days after
 * (default 1: daily, 176 origins, each forecasting the next 7 days; the last ends 2016-02-29). Every model is
 * refitted at every origin on all history up to it. `auto` (about 25 s a fit) runs on every `--auto-step`-th
 * origin only (default 14: fortnightly, 13 origins); every row is also reported on those origins.
 *
 * Rows:
 *   (a) seasonal naive m = 7 with its own Gaussian residual intervals;
 *   (b) `auto` (createPanelAutoForecaster, the benches' default) without covariates, its conformal intervals;
 *   (c) the engine with weather covariates: GBDT (one global model across the 12 sites per pollutant) with
 *       temperature, dew point, pressure, wind speed, wind u/v, precipitation of the TARGET day as future
 *       covariates, using the OBSERVED weather of the target day as a stand-in for a forecast (an upper bound
 *       of what real forecast weather gives);
 *   (d) the same with noise of a typical weather-forecast error added to the future weather (NOISE below);
 *   (e) the same GBDT pipeline with no covariates (so the covariates' own effect is visible).
 * Direct vs recursive GBDT and the interval half-widths are chosen/calibrated on TRAINING data only
 * (`--calib-windows` rolling origins `--calib-step` days apart ending 2015-08-24: default 52 weekly ones, a
 * whole year, so winter is in the calibration pool): the strategy with the lower mean scaled error wins; intervals are
 * split conformal per horizon step on scaled residuals (ml/conformal: stepQuantiles, calibrationScale), the
 * scale being local by default (`--scale local|global`, see bandScale).
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { createPanelAutoForecaster } from "../ml/backtest/auto-panel";
import { calibrationScale } from "../ml/conformal/calibration";
import { stepQuantiles } from "../ml/conformal/quantile";
import { createGbdtForecaster } from "../ml/models/gbdt-forecaster";
import { loadGlobalModels } from "../ml/models/global-models";
import { createSeasonalNaiveForecaster } from "../ml/models/seasonal-naive";
import { impute } from "../ml/series/impute";
import { seasonalScale } from "../ml/metrics/scale";
import { gaussian, mulberry32 } from "../ml/stats/random";
import type { Forecast, Series } from "../ml/types";
import { arg, numberArg } from "./args";

const DAY = 86_400_000;
const H = 7;
const M = 7;
const LEVEL = 95;

const WEATHER = ["temp", "dewp", "pres", "wspm", "wind_u", "wind_v", "rain"] as const;
type Weather = (typeof WEATHER)[number];
const POLLUTANT_COLUMN: Record<string, string> = { no2: "NO2", pm25: "PM2.5", o3: "O3" };

/**
 * Weather-forecast error added in (d), as a standard deviation by lead day h (1..7), for DAILY MEANS.
 * Based on ECMWF's yearly verification (Haiden et al., "Evaluation of ECMWF forecasts", ECMWF Technical
 * Memoranda, 2018–2023): 2 m temperature RMSE roughly 1–1.5 K at day 1 growing to about 3 K at day 7,
 * 10 m wind speed about 1–2 m/s over days 1–7, mean-sea-level pressure about 1 hPa at day 1 to 4–6 hPa at
 * day 7. Daily means err less than hourly values, so these are on the pessimistic side of those figures:
 */
export const NOISE = {
  /** °C: 1.0 at day 1, +0.5 per lead day (4.0 at day 7). */
  temp: (h: number) => 0.5 + 0.5 * h,
  /** °C: humidity is forecast worse than temperature, 1.5× the temperature error. */
  dewp: (h: number) => 1.5 * (0.5 + 0.5 * h),
  /** hPa: 0.8 per lead day. */
  pres: (h: number) => 0.8 * h,
  /** m/s, on the daily mean speed and on each wind component: 1.0 at day 1, +0.15 per day; speed floored at 0. */
  wind: (h: number) => 1 + 0.15 * (h - 1),
  /** Precipitation: multiplied by exp(N(0, 0.8²)), and with probability 0.05·h the day's wet/dry call flips (dry → 2 mm, wet → 0). */
  rainFlip: (h: number) => 0.05 * h,
};
const NOISE_TEXT =
  "temperature σ = 0.5 + 0.5·h °C (1.0 → 4.0), dew point 1.5× that, pressure 0.8·h hPa, wind speed and u/v components σ = 1 + 0.15·(h−1) m/s, precipitation ×exp(N(0, 0.8²)) with a 0.05·h chance of the wet/dry call flipping";

interface Panel {
  ids: string[];
  startMs: number;
  days: number;
  target: Record<string, Float64Array[]>;
  /** Weather per site, gaps filled by linear interpolation (the stand-in for a weather source). */
  weather: Record<Weather, Float64Array[]>;
}

const DIRS = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"];

/** Reads the hourly files and forms daily means per site. */
export function loadPanel(dir: string, pollutants: string[]): Panel {
  const files = readdirSync(dir).filter((f) => /^beijing-.*-hourly-.*\.csv$/.test(f)).sort();
  if (files.length === 0) throw new Error(`no beijing-*-hourly-*.csv files in ${dir}`);
  const startMs = Date.UTC(2013, 2, 1);
  const days = Math.round((Date.UTC(2016, 2, 1) - startMs) / DAY);
  const target: Record<string, Float64Array[]> = Object.fromEntries(pollutants.map((p) => [p, []]));
  const weather = Object.fromEntries(WEATHER.map((w) => [w, [] as Float64Array[]])) as Record<Weather, Float64Array[]>;
  const ids: string[] = [];
  for (const file of files) {
    const lines = readFileSync(path.join(dir, file), "utf8").trim().split("\n");
    const header = lines[0].split(",").map((c) => c.replace(/"/g, ""));
    const col = (name: string) => {
      const k = header.indexOf(name);
      if (k < 0) throw new Error(`${file}: no column ${name}`);
      return k;
    };
    const cols = { year: col("year"), month: col("month"), day: col("day"), temp: col("TEMP"), pres: col("PRES"), dewp: col("DEWP"), rain: col("RAIN"), wd: col("wd"), wspm: col("WSPM") };
    const pcols = pollutants.map((p) => col(POLLUTANT_COLUMN[p]));
    const names = [...pollutants, "temp", "pres", "dewp", "rain", "wspm", "wind_u", "wind_v"];
    const sum = names.map(() => new Float64Array(days));
    const cnt = names.map(() => new Float64Array(days));
    let station = "";
    for (let r = 1; r < lines.length; r++) {
      const f = lines[r].split(",").map((c) => c.replace(/"/g, ""));
      station = f[f.length - 1];
      const d = Math.round((Date.UTC(Number(f[cols.year]), Number(f[cols.month]) - 1, Number(f[cols.day])) - startMs) / DAY);
      if (d < 0 || d >= days) continue;
      const num = (k: number) => (f[k] === "NA" || f[k] === "" ? NaN : Number(f[k]));
      const ws = num(cols.wspm);
      const dir = DIRS.indexOf(f[cols.wd]);
      const theta = (dir * 22.5 * Math.PI) / 180;
      // Meteorological direction = where the wind comes from: u = −ws·sin θ, v = −ws·cos θ; calm ("cv") = 0.
      const u = f[cols.wd] === "cv" ? 0 : dir >= 0 ? -ws * Math.sin(theta) : NaN;
      const v = f[cols.wd] === "cv" ? 0 : dir >= 0 ? -ws * Math.cos(theta) : NaN;
      const vals = [...pcols.map(num), num(cols.temp), num(cols.pres), num(cols.dewp), num(cols.rain), ws, u, v];
      vals.forEach((x, k) => {
        if (Number.isFinite(x)) {
          sum[k][d] += x;
          cnt[k][d]++;
        }
      });
    }
    ids.push(station || file);
    names.forEach((name, k) => {
      const daily = new Float64Array(days);
      for (let d = 0; d < days; d++) {
        if (cnt[k][d] < 12) daily[d] = NaN;
        else daily[d] = name === "rain" ? (sum[k][d] / cnt[k][d]) * 24 : sum[k][d] / cnt[k][d];
      }
      if (pollutants.includes(name)) target[name].push(daily);
      else weather[name as Weather].push(impute(daily, "linear"));
    });
  }
  return { ids, startMs, days, target, weather };
}

interface Scores {
  /** Per lead step: sums of |e|/scale, sMAPE terms, hits, and the count. */
  ase: Float64Array;
  smape: Float64Array;
  hit: Float64Array;
  n: Float64Array;
}
const newScores = (): Scores => ({ ase: new Float64Array(H), smape: new Float64Array(H), hit: new Float64Array(H), n: new Float64Array(H) });

function score(acc: Scores, fc: Forecast[], panel: Panel, pollutant: string, origin: number, histories: Float64Array[]): void {
  fc.forEach((f, i) => {
    const scale = seasonalScale(histories[i], M);
    const band = f.intervals.find((b) => b.level === LEVEL)!;
    for (let h = 0; h < H; h++) {
      const y = panel.target[pollutant][i][origin + 1 + h];
      if (!Number.isFinite(y)) continue;
      const e = Math.abs(y - f.mean[h]);
      acc.ase[h] += e / scale;
      const denom = Math.abs(y) + Math.abs(f.mean[h]);
      acc.smape[h] += denom > 0 ? (200 * e) / denom : 0;
      acc.hit[h] += y >= band.lower[h] && y <= band.upper[h] ? 1 : 0;
      acc.n[h]++;
    }
  });
}

/** The series at an origin (history = days 0..origin): target gaps filled linearly within the history only. */
function seriesAt(panel: Panel, pollutant: string, origin: number, covariates: boolean): Series[] {
  return panel.ids.map((id, i) => ({
    id,
    values: impute(panel.target[pollutant][i].slice(0, origin + 1), "linear"),
    startMs: panel.startMs,
    stepMs: DAY,
    ...(covariates
      ? {
          covariates: {
            names: [...WEATHER],
            past: WEATHER.map((w) => panel.weather[w][i].slice(0, origin + 1)),
            future: WEATHER.map((w) => panel.weather[w][i].slice(origin + 1, origin + 1 + H)),
          },
        }
      : {}),
  }));
}

/** Overwrites each series' future weather with observed + forecast-like noise (seeded per origin and site). */
function addNoise(series: Series[], panel: Panel, origin: number, seed: number): void {
  series.forEach((s, i) => {
    const z = gaussian(mulberry32(seed * 1_000_003 + origin * 101 + i));
    const u = mulberry32(seed * 7_919 + origin * 37 + i);
    const fut = s.covariates!.future!;
    WEATHER.forEach((w, k) => {
      for (let h = 1; h <= fut[k].length; h++) {
        const obs = panel.weather[w][i][origin + h];
        let x: number;
        if (w === "temp") x = obs + z() * NOISE.temp(h);
        else if (w === "dewp") x = obs + z() * NOISE.dewp(h);
        else if (w === "pres") x = obs + z() * NOISE.pres(h);
        else if (w === "wspm") x = Math.max(0, obs + z() * NOISE.wind(h));
        else if (w === "wind_u" || w === "wind_v") x = obs + z() * NOISE.wind(h);
        else {
          const flip = u() < NOISE.rainFlip(h);
          const wet = obs > 0.1;
          x = flip ? (wet ? 0 : 2) : obs * Math.exp(0.8 * z());
        }
        fut[k][h - 1] = x;
      }
    });
  });
}

type Strategy = "direct" | "recursive";
const gbdt = (strategy: Strategy, covariates: boolean) =>
  createGbdtForecaster({ strategy, features: covariates ? { futureCovariates: [...WEATHER] } : {} });

/** Scaled absolute errors per step of one GBDT fit at `origin`, for each covariate variant. */
async function gbdtAt(panel: Panel, pollutant: string, origin: number, strategy: Strategy, variants: Variant[], seed: number) {
  const withCov = variants.some((v) => v !== "none");
  const series = seriesAt(panel, pollutant, origin, withCov);
  const model = gbdt(strategy, withCov);
  await model.fit(series, { seasonLengths: [M], horizon: H, seed: 1 });
  const out = new Map<Variant, Forecast[]>();
  for (const v of variants) {
    // The model's forecast() reads each series' future covariates afresh (ml/features/build.ts viewOf), so
    // one fit serves the observed-weather and the noisy-weather forecast.
    if (v === "noisy") addNoise(series, panel, origin, seed);
    out.set(v, await model.forecast(H, [LEVEL]));
  }
  return { series, out };
}

type Variant = "none" | "observed" | "noisy";

interface Calibrated {
  strategy: Strategy;
  /** The strategy per lead step: all `strategy` with `--select whole`; the better one at each step with `per-step`. */
  perStep: Strategy[];
  /** Scaled half-width per step. */
  q: Float64Array;
  valid: Record<Strategy, number>;
}

async function calibrate(panel: Panel, pollutant: string, origins: number[], variants: Variant[]): Promise<Map<Variant, Calibrated>> {
  const scores = new Map<Variant, Record<Strategy, number[][]>>(variants.map((v) => [v, { direct: [], recursive: [] }]));
  for (const v of variants) for (const s of ["direct", "recursive"] as const) scores.get(v)![s] = Array.from({ length: H }, () => []);
  for (const strategy of ["direct", "recursive"] as const) {
    for (const origin of origins) {
      const cov = variants.filter((v) => v !== "none");
      const runs: [Variant[], boolean][] = [];
      if (cov.length) runs.push([cov, true]);
      if (variants.includes("none")) runs.push([["none"], false]);
      for (const [vs] of runs) {
        const { series, out } = await gbdtAt(panel, pollutant, origin, strategy, vs, 2);
        for (const v of vs) {
          out.get(v)!.forEach((f, i) => {
            const scale = bandScale(series[i].values);
            for (let h = 0; h < H; h++) {
              const y = panel.target[pollutant][i][origin + 1 + h];
              if (Number.isFinite(y)) scores.get(v)![strategy][h].push(Math.abs(y - f.mean[h]) / scale);
            }
          });
        }
      }
    }
  }
  const result = new Map<Variant, Calibrated>();
  for (const v of variants) {
    const sc = scores.get(v)!;
    const mean = (s: number[][]) => s.flat().reduce((a, b) => a + b, 0) / Math.max(1, s.flat().length);
    const valid = { direct: mean(sc.direct), recursive: mean(sc.recursive) };
    const strategy: Strategy = valid.recursive < valid.direct ? "recursive" : "direct";
    const perStep: Strategy[] =
      selectMode === "per-step" ? Array.from({ length: H }, (_, h) => (mean([sc.recursive[h]]) < mean([sc.direct[h]]) ? "recursive" : "direct")) : Array(H).fill(strategy);
    const q = stepQuantiles(perStep.map((st, h) => Float64Array.from(sc[st][h])), 1 - LEVEL / 100);
    result.set(v, { strategy, perStep, q, valid });
  }
  return result;
}

/**
 * The scale conformal scores are divided by: "global" = the engine's calibrationScale (in-sample seasonal MAE of
 * the whole history); "local" = the geometric mean of that and the same MAE over the last LOCAL_DAYS days, so
 * the band widens in a volatile season (Beijing's winter PM2.5 episodes) and narrows in a calm one.
 */
const LOCAL_DAYS = 28;
/** `--select whole` (default): one strategy for all steps; `per-step`: direct or recursive per lead step. */
let selectMode: "whole" | "per-step" = "whole";
let scaleMode: "global" | "local" = "local";
function bandScale(values: Float64Array): number {
  const g = calibrationScale(values, M);
  if (scaleMode === "global") return g;
  const l = calibrationScale(values.subarray(Math.max(0, values.length - LOCAL_DAYS - M)), M);
  return Math.sqrt(g * l);
}

function conformalize(fc: Forecast[], series: Series[], q: Float64Array): Forecast[] {
  return fc.map((f, i) => {
    const scale = bandScale(series[i].values);
    const lower = f.mean.map((m, h) => m - q[h] * scale);
    const upper = f.mean.map((m, h) => m + q[h] * scale);
    return { ...f, intervals: [{ level: LEVEL, lower, upper }] };
  });
}

const AUTO_ROW = "(b) auto, no covariates";
const fmt = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : "-");

export default async function airBench(args: string[]): Promise<void> {
  const root = path.resolve(import.meta.dirname, "..");
  const dir = arg(args, "data", path.resolve(root, "../shared/data/air/beijing"));
  const pollutants = arg(args, "pollutants", "no2,pm25").split(",");
  const step = numberArg(args, "step", 1);
  const autoStep = numberArg(args, "auto-step", 14);
  const calibWindows = numberArg(args, "calib-windows", 52);
  const calibStep = numberArg(args, "calib-step", 7);
  const workers = numberArg(args, "workers", 2);
  const only = arg(args, "only", "snaive,auto,gbdt").split(",");
  const limitOrigins = numberArg(args, "limit-origins", Infinity);
  scaleMode = arg(args, "scale", "local") === "global" ? "global" : "local";
  selectMode = arg(args, "select", "whole") === "per-step" ? "per-step" : "whole";
  for (const p of pollutants) if (!POLLUTANT_COLUMN[p]) throw new Error(`--pollutants: unknown pollutant "${p}" (no2, pm25, o3)`);

  const panel = loadPanel(dir, pollutants);
  const trainEnd = Math.round((Date.UTC(2015, 7, 31) - panel.startMs) / DAY); // index of 2015-08-31
  const testOrigins: number[] = [];
  for (let o = trainEnd; o + H < panel.days && testOrigins.length < limitOrigins; o += step) testOrigins.push(o);
  const calibOrigins = Array.from({ length: calibWindows }, (_, k) => trainEnd - H - k * calibStep).filter((o) => o > 365).reverse();
  const iso = (d: number) => new Date(panel.startMs + d * DAY).toISOString().slice(0, 10);
  console.log(
    `Beijing, ${panel.ids.length} sites, daily means; train ${iso(0)} … ${iso(trainEnd)}; test origins ${iso(testOrigins[0])} … ${iso(testOrigins.at(-1)!)} every ${step} day(s) (${testOrigins.length}), horizon ${H} days, refit at every origin`,
  );
  console.log(`calibration/selection (training data only): ${calibOrigins.length} origins ${iso(calibOrigins[0])} … ${iso(calibOrigins.at(-1)!)}, every ${calibStep} days`);
  console.log(`(c) uses the OBSERVED weather of the target days in place of a forecast: an upper bound on what forecast weather gives.`);
  console.log(`(d) adds forecast-like noise to it: ${NOISE_TEXT}.`);
  const globals = await loadGlobalModels();

  for (const pollutant of pollutants) {
    const t0 = performance.now();
    const rows = new Map<string, Row>();
    const add = (name: string, note: string) => {
      const r: Row = { acc: newScores(), weekly: newScores(), note, seconds: 0 };
      rows.set(name, r);
      return r;
    };
    // Every row is also scored on auto's origins (every autoStep-th), so (b) is compared on the same days.
    const isAutoOrigin = (o: number) => (o - trainEnd) % autoStep === 0;
    const scoreRow = (r: Row, fc: Forecast[], o: number, histories: Float64Array[]) => {
      score(r.acc, fc, panel, pollutant, o, histories);
      if (isAutoOrigin(o)) score(r.weekly, fc, panel, pollutant, o, histories);
    };
    if (only.includes("snaive")) {
      const r = add("(a) seasonal naive m=7", "own Gaussian intervals");
      const c0 = performance.now();
      for (const o of testOrigins) {
        const s = seriesAt(panel, pollutant, o, false);
        const m = createSeasonalNaiveForecaster();
        await m.fit(s, { seasonLengths: [M], horizon: H });
        scoreRow(r, await m.forecast(H, [LEVEL]), o, s.map((x) => x.values));
      }
      r.seconds = (performance.now() - c0) / 1000;
    }
    if (only.includes("auto")) {
      const r = add(AUTO_ROW, "");
      const picks = new Map<string, number>();
      const c0 = performance.now();
      for (const o of testOrigins.filter(isAutoOrigin)) {
        const s = seriesAt(panel, pollutant, o, false);
        const m = createPanelAutoForecaster({ globals, workers, levels: [LEVEL] });
        await m.fit(s, { seasonLengths: [M], horizon: H, seed: 1 });
        scoreRow(r, await m.forecast(H, [LEVEL]), o, s.map((x) => x.values));
        for (const c of m.report().chosen) picks.set(c, (picks.get(c) ?? 0) + 1);
        console.error(`  ${pollutant} auto origin ${iso(o)}: ${((performance.now() - c0) / 1000).toFixed(0)} s`);
      }
      r.seconds = (performance.now() - c0) / 1000;
      r.note = "picks " + [...picks].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k}:${v}`).join(" ");
    }
    if (only.includes("gbdt")) {
      const variants: Variant[] = ["observed", "noisy", "none"];
      const c0 = performance.now();
      const cal = await calibrate(panel, pollutant, calibOrigins, variants);
      console.error(`  ${pollutant} gbdt calibration: ${((performance.now() - c0) / 1000).toFixed(0)} s`);
      const label: Record<Variant, string> = { observed: "(c) GBDT + observed weather (upper bound)", noisy: "(d) GBDT + noisy weather", none: "(e) GBDT, no covariates" };
      for (const v of variants) {
        const c = cal.get(v)!;
        const how = selectMode === "per-step" ? c.perStep.map((st) => st[0]).join("") : c.strategy;
        add(label[v], `${how} (calib. scaled MAE direct ${fmt(c.valid.direct, 3)}, recursive ${fmt(c.valid.recursive, 3)})`);
      }
      for (const o of testOrigins) {
        // One fit per (strategy, with/without covariates); the observed and noisy forecasts share a fit.
        const groups = new Map<string, Variant[]>();
        for (const v of variants) {
          for (const st of new Set(cal.get(v)!.perStep)) {
            const key = `${st}:${v === "none" ? "plain" : "cov"}`;
            groups.set(key, [...(groups.get(key) ?? []), v]);
          }
        }
        const fits = new Map<string, Forecast[]>();
        let histories: Series[] = [];
        for (const [key, vs] of groups) {
          const strategy = key.split(":")[0] as Strategy;
          const { series, out } = await gbdtAt(panel, pollutant, o, strategy, vs, 1);
          histories = series;
          for (const v of vs) fits.set(`${strategy}:${v}`, out.get(v)!);
        }
        for (const v of variants) {
          const c = cal.get(v)!;
          // Step h from the fit of the strategy chosen for step h.
          const merged = fits.get(`${c.perStep[0]}:${v}`)!.map((f, i) => ({ ...f, mean: f.mean.map((_, h) => fits.get(`${c.perStep[h]}:${v}`)![i].mean[h]) }));
          scoreRow(rows.get(label[v])!, conformalize(merged, histories, c.q), o, histories.map((x) => x.values));
        }
      }
      const secs = (performance.now() - c0) / 1000;
      for (const v of variants) rows.get(label[v])!.seconds = secs;
    }
    printPollutant(pollutant, rows, (performance.now() - t0) / 1000, autoStep);
  }
}

interface Row {
  /** Scores on every test origin. */
  acc: Scores;
  /** Scores on auto's (weekly) origins only. */
  weekly: Scores;
  note: string;
  seconds: number;
}

function printPollutant(pollutant: string, rows: Map<string, Row>, seconds: number, autoStep: number): void {
  const steps = Array.from({ length: H }, (_, h) => `d${h + 1}`);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  console.log(`\n### ${pollutant.toUpperCase()} (${seconds.toFixed(0)} s)\n`);
  for (const [title, key, d] of [["MASE (m = 7)", "ase", 3], ["sMAPE %", "smape", 1], ["coverage of the 95 % interval, %", "hit", 1]] as const) {
    console.log(`${title}\n`);
    console.log(line(["model", ...steps, "all", "note"]));
    console.log(line(Array(H + 3).fill("---")));
    const mult = key === "hit" ? 100 : 1;
    const cells = (acc: Scores) => [...steps.map((_, h) => fmt((acc[key][h] / acc.n[h]) * mult, d)), fmt((acc[key].reduce((a, b) => a + b, 0) / acc.n.reduce((a, b) => a + b, 0)) * mult, d)];
    for (const [name, r] of rows) {
      if (name.startsWith("(b)")) continue;
      console.log(line([name, ...cells(r.acc), key === "ase" ? r.note : ""]));
    }
    if (rows.has(AUTO_ROW)) {
      console.log(line([`*every ${autoStep}th origin only:*`, ...Array(H + 2).fill("")]));
      for (const [name, r] of rows) console.log(line([`${name.startsWith("(b)") ? name : name.slice(0, 3)}`, ...cells(r.weekly), key === "ase" && name.startsWith("(b)") ? r.note : ""]));
    }
    console.log("");
  }
  const base = rows.get(AUTO_ROW);
  const base2 = [...rows].find(([n]) => n.startsWith("(e)"))?.[1];
  const d1 = (acc: Scores) => acc.ase[0] / acc.n[0];
  for (const [n, r] of rows) {
    if (!n.startsWith("(c)") && !n.startsWith("(d)")) continue;
    const parts = [
      base && `vs (b) ${fmt(100 * (1 - d1(r.weekly) / d1(base.weekly)), 1)} % (auto's origins)`,
      base2 && `vs (e) ${fmt(100 * (1 - d1(r.acc) / d1(base2.acc)), 1)} % (all origins)`,
    ].filter(Boolean);
    console.log(`${n}: day-1 MASE reduction ${parts.join(", ")} (target ≥ 10 %)`);
  }
}
