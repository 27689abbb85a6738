/**
 * Classical models against R's `forecast` package on the same splits, in one run:
 *
 *   npm run bench -- classical [--sets m1-yearly,m1-quarterly,m1-monthly,m4-weekly,m4-hourly,demand]
 *                              [--models naive,seasonal-naive,theta,dotm,ets,arima,comb,auto] [--limit N]
 *                              [--workers 2] [--windows N] [--no-r] [--r-dir DIR] [--reuse-r]
 *
 * Sets: M1 yearly (h 6, m 1), quarterly (h 8, m 4), monthly (h 18, m 12) with their official test
 * parts; M4 Weekly (last 13 of train, m 1) and Hourly (last 48 of train, m 24); the Taylor demand
 * file (last 48, seasons 48 and 336, fitted on the 28 days before them). R (bench/r/classical.R via Rscript) fits
 * ets, auto.arima, thetaf, naive, snaive; Almanac fits its models; both are scored by the same code
 * (ml/backtest/score.ts: MASE with M4's in-sample seasonal scale, sMAPE, 95 % coverage, MSIS@95).
 * Ratios are to R's best (lowest) of ets/auto.arima/thetaf on that metric. Seconds: R's
 * system.time per model; ours wall time of fit + forecast (auto: selection, calibration, refit).
 * By default only the M1 sets run (R's auto.arima takes many minutes on hourly/half-hourly data).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { arg } from "./args";
import type { AutoReport } from "../ml/backtest/auto";
import { createPanelAutoForecaster } from "../ml/backtest/auto-panel";
import { accuracy, type Accuracy } from "../ml/backtest/score";
import { parseLongCsv, parseM4Csv } from "../ml/io/read-csv";
import { seasonalScale } from "../ml/metrics/scale";
import { combineForecasts } from "../ml/models/ensemble";
import { loadGlobalModels } from "../ml/models/global-models";
import { getFactory, modelNames, registerModel } from "../ml/models/registry";
import { truncateSeries } from "../ml/series/split";
import type { Forecast, Series } from "../ml/types";

interface BenchSet {
  name: string;
  horizon: number;
  seasonLengths: number[];
  load(root: string): { train: Series[]; test: Float64Array[] };
}

const m1 = (period: string, horizon: number, m: number): BenchSet => ({
  name: `m1-${period}`,
  horizon,
  seasonLengths: [m],
  load(root) {
    const train = parseM4Csv(readFileSync(path.join(root, `m1/m1-${period}-train.csv`), "utf8"));
    const test = parseM4Csv(readFileSync(path.join(root, `m1/m1-${period}-test.csv`), "utf8"));
    const byId = new Map(test.map((s) => [s.id, s.values]));
    return { train, test: train.map((s) => byId.get(s.id)!.slice(0, horizon)) };
  },
});

const lastOfTrain = (name: string, file: string, horizon: number, seasonLengths: number[], keep?: number): BenchSet => ({
  name,
  horizon,
  seasonLengths,
  load(root) {
    const text = readFileSync(path.join(root, file), "utf8");
    const all = file.endsWith("demand-half-hourly.csv") ? parseLongCsv(text, { valueColumn: "demand_mw", defaultId: "demand" }) : parseM4Csv(text);
    const train = all.map((s) => {
      const cut = truncateSeries(s, s.values.length - horizon);
      return keep && cut.values.length > keep ? { ...cut, values: cut.values.slice(cut.values.length - keep) } : cut;
    });
    return { train, test: all.map((s) => s.values.slice(s.values.length - horizon)) };
  },
});

const SETS: BenchSet[] = [
  m1("yearly", 6, 1),
  m1("quarterly", 8, 4),
  m1("monthly", 18, 12),
  lastOfTrain("m4-weekly", "m4/Weekly-train.csv", 13, [1]),
  lastOfTrain("m4-hourly", "m4/Hourly-train.csv", 48, [24]),
  lastOfTrain("demand", "energy/taylor-england-wales-demand-half-hourly.csv", 48, [48, 336], 28 * 48),
];
const DEFAULT_SETS = ["m1-yearly", "m1-quarterly", "m1-monthly"];
const R_MODELS = ["ets", "arima", "theta", "naive", "snaive"];
const R_BEST = ["ets", "arima", "theta"];

interface Row { name: string; acc: Accuracy; seconds: number; note: string }

export default async function classicalBench(args: string[]): Promise<void> {
  const root = path.resolve(import.meta.dirname, "../../shared/data");
  const wanted = (arg(args, "sets") ?? DEFAULT_SETS.join(",")).split(",");
  for (const w of wanted) if (!SETS.some((s) => s.name === w)) throw new Error(`unknown set ${w} (have ${SETS.map((s) => s.name).join(", ")})`);
  const skipped = SETS.map((s) => s.name).filter((n) => !wanted.includes(n));
  if (skipped.length) console.log(`skipped: ${skipped.join(", ")} (add with --sets; R's auto.arima is slow on long seasonal series)`);
  for (const [name, f] of await loadGlobalModels()) registerModel(name, f);
  const ours = (arg(args, "models") ?? "naive,seasonal-naive,theta,dotm,ets,arima,comb,auto").split(",");
  const limit = arg(args, "limit");
  const workers = Number(arg(args, "workers") ?? 2);
  const runR = !args.includes("--no-r");
  const rDir = arg(args, "r-dir") ?? mkdtempSync(path.join(tmpdir(), "almanac-classical-r-"));

  const summary: string[][] = [];
  for (const set of SETS.filter((s) => wanted.includes(s.name))) {
    let { train, test } = set.load(root);
    if (limit) { train = train.slice(0, Number(limit)); test = test.slice(0, Number(limit)); }
    const H = set.horizon;
    const m = set.seasonLengths[0];
    const scales = train.map((s) => seasonalScale(s.values, m));
    const last = train.map((s) => s.values[s.values.length - 1]);
    const ctx = { seasonLengths: set.seasonLengths, horizon: H, seed: 1 };
    console.log(`\n### ${set.name}: ${train.length} series, h = ${H}, m = ${m}\n`);
    const rows: Row[] = [];
    const score = (fc: Forecast[]) => accuracy(fc, test, scales, last);

    // R
    if (runR) {
      const dir = path.join(rDir, set.name + (limit ? `-${limit}` : ""));
      mkdirSync(dir, { recursive: true });
      if (!(args.includes("--reuse-r") && existsSync(path.join(dir, "timings.csv")))) {
        const input = path.join(dir, "input.json");
        writeFileSync(input, JSON.stringify(train.map((s) => ({ id: s.id, m, h: H, values: Array.from(s.values, (v) => (Number.isFinite(v) ? v : null)) }))));
        console.error(`  R: ${R_MODELS.join(", ")} on ${set.name} …`);
        const r = spawnSync("Rscript", [path.join(import.meta.dirname, "r/classical.R"), input, dir, R_MODELS.join(",")], { encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] });
        if (r.status !== 0) throw new Error(`Rscript failed (${r.status}): ${r.stderr.split("\n").filter((l) => !/quantmod|as.zoo|method +from/.test(l)).join("\n")}`);
      }
      const rf = parse(readFileSync(path.join(dir, "forecasts.csv"), "utf8"), { columns: true }) as Record<string, string>[];
      const timings = parse(readFileSync(path.join(dir, "timings.csv"), "utf8"), { columns: true }) as Record<string, string>[];
      const index = new Map(train.map((s, i) => [s.id, i]));
      for (const t of timings) {
        const fc: Forecast[] = train.map((s) => ({ id: s.id, mean: new Float64Array(H).fill(NaN), intervals: [{ level: 95, lower: new Float64Array(H).fill(NaN), upper: new Float64Array(H).fill(NaN) }] }));
        for (const r of rf) {
          if (r.model !== t.model) continue;
          const f = fc[index.get(r.id)!];
          const h = Number(r.step) - 1;
          f.mean[h] = num(r.mean);
          f.intervals[0].lower[h] = num(r.lo95);
          f.intervals[0].upper[h] = num(r.hi95);
        }
        rows.push({ name: `R ${t.model === "arima" ? "auto.arima" : t.model === "theta" ? "thetaf" : t.model}`, acc: score(fc), seconds: Number(t.seconds), note: Number(t.failures) ? `${t.failures} failed → snaive` : "" });
      }
    }

    // Almanac
    const have = new Set(modelNames());
    const own = new Map<string, { fc: Forecast[]; seconds: number }>();
    for (const name of ours) {
      if (name === "comb" || name === "auto") continue;
      if (!have.has(name)) { rows.push({ name, acc: nan(), seconds: NaN, note: "not registered" }); continue; }
      const t0 = performance.now();
      const model = getFactory(name)();
      await model.fit(train, ctx);
      const fc = await model.forecast(H, [95]);
      const seconds = (performance.now() - t0) / 1000;
      own.set(name, { fc, seconds });
      rows.push({ name, acc: score(fc), seconds, note: "native intervals" });
    }
    if (ours.includes("comb")) {
      const members = ["ets", "arima", "theta"].filter((n) => own.has(n));
      if (members.length >= 2) {
        const fc = train.map((_, i) => combineForecasts(members.map((n) => own.get(n)!.fc[i]), "mean"));
        rows.push({ name: "comb", acc: score(fc), seconds: members.reduce((s, n) => s + own.get(n)!.seconds, 0), note: `mean(${members.join(",")}); bounds averaged` });
      } else rows.push({ name: "comb", acc: nan(), seconds: NaN, note: "needs two of ets, arima, theta" });
    }
    if (ours.includes("auto")) {
      const globals = await loadGlobalModels();
      const windows = arg(args, "windows");
      const margin = arg(args, "margin");
      const auto = createPanelAutoForecaster({
        globals,
        windows: windows ? Number(windows) : undefined,
        only: arg(args, "auto-candidates")?.split(","),
        workers,
        levels: [95],
        selectMargin: margin ? Number(margin) : undefined,
        boxCox: args.includes("--auto-box-cox"),
        calibrationDecay: arg(args, "calibration-decay") ? Number(arg(args, "calibration-decay")) : undefined,
      });
      const t0 = performance.now();
      await auto.fit(train, ctx);
      const fc = await auto.forecast(H, [95]);
      const seconds = (performance.now() - t0) / 1000;
      const rep = auto.report();
      rows.push({ name: "auto", acc: score(fc), seconds, note: autoNote(rep, workers) });
      // Coverage and accuracy per series group (tiny / intermittent / short / regular).
      for (const g of Object.keys(rep.groups)) {
        const idx = rep.group.flatMap((x, i) => (x === g ? [i] : []));
        if (idx.length === train.length) continue;
        const acc = accuracy(idx.map((i) => fc[i]), idx.map((i) => test[i]), idx.map((i) => scales[i]), idx.map((i) => last[i]));
        rows.push({ name: `  auto [${g}]`, acc, seconds: NaN, note: `${idx.length} series` });
      }
      if (rep.failures.length) console.log(`auto: ${rep.failures.length} candidate failures, e.g. ${rep.failures.slice(0, 3).map((f) => `${f.candidate} on ${f.seriesId}: ${f.message}`).join("; ")}`);
    }

    const rBest = (key: "mase" | "smape") => Math.min(...rows.filter((r) => R_BEST.some((b) => r.name === `R ${b === "arima" ? "auto.arima" : b === "theta" ? "thetaf" : b}`)).map((r) => r.acc[key]));
    const bm = rBest("mase");
    const bs = rBest("smape");
    const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : "-");
    const table = rows.map((r) => [
      r.name, f(r.acc.smape, 2), f(r.acc.mase), f(r.acc.mase / bm), f(r.acc.smape / bs), f(r.acc.msis, 2),
      Number.isFinite(r.acc.coverage) ? `${(100 * r.acc.coverage).toFixed(1)}%` : "-", f(r.seconds, 1), r.note,
    ]);
    printMarkdown(["model", "sMAPE", "MASE", "MASE/R best", "sMAPE/R best", "MSIS@95", "cov@95", "seconds", "note"], table);
    const a = rows.find((r) => r.name === "auto");
    if (a) summary.push([set.name, f(a.acc.mase), f(a.acc.mase / bm), f(a.acc.smape / bs), `${(100 * a.acc.coverage).toFixed(1)}%`]);
  }
  if (summary.length > 1) {
    console.log("\n### auto vs R's best\n");
    printMarkdown(["set", "auto MASE", "MASE/R best", "sMAPE/R best", "cov@95"], summary);
  }
}

function autoNote(rep: AutoReport, workers: number): string {
  const counts = new Map<string, number>();
  for (const c of rep.chosen) counts.set(c, (counts.get(c) ?? 0) + 1);
  const picks = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k}:${v}`).join(" ") + (counts.size > 4 ? " …" : "");
  const c = new Map<string, number>();
  for (const x of rep.intervalSource) c.set(x, (c.get(x) ?? 0) + 1);
  const src = "; intervals " + [...c].map(([k, v]) => `${k}:${v}`).join(" ");
  return `${workers} workers; picks ${picks}${src}`;
}

function printMarkdown(headers: string[], rows: string[][]): void {
  console.log(`| ${headers.join(" | ")} |`);
  console.log(`|${headers.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
}

const num = (s: string) => (s === "NA" || s === "" ? NaN : Number(s));
const nan = (): Accuracy => ({ smape: NaN, mase: NaN, msis: NaN, coverage: NaN, directionAccuracy: NaN, count: 0 });
