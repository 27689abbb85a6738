import { calibrationScale, randomWalkHalfWidth } from "../conformal/calibration";
import { candidateMetrics, type CandidateMetrics } from "./candidate-metrics";
import { InvalidInputError, ModelStateError } from "../errors";
import { stepQuantiles } from "../conformal/quantile";
import { cqrInterval, cqrScore, residualScore, symmetricInterval } from "../conformal/scores";
import { combineForecasts, type Combiner } from "../models/ensemble";
import { type FitContext, type Forecast, type Forecaster, type ForecasterFactory, type Interval, type Series } from "../types";
import type { CandidateJob } from "./candidate-job-types";
import { runCandidate } from "./run-candidate";
import type { BacktestResult } from "./rolling-origin";
import { fitAndForecast } from "./tolerant-forecast";
import { seriesMase } from "./score";
import { runJobsInWorkers } from "./worker-pool";

export interface Candidate {
  name: string;
  factory: ForecasterFactory;
  /** Registry name of the same model; lets `workers > 1` run this candidate in a worker thread. */
  model?: string;
  /**
   * A local model fits each series alone: a series it fails on is dropped for that candidate only, and with
   * `workers > 1` the panel is split across threads. Global models (one fit across series) leave this unset.
   */
  local?: boolean;
}

/** A combination evaluated from the members' backtest forecasts, at no extra fitting cost. */
export interface Combination {
  name: string;
  members: string[];
  how: Combiner;
}

export interface AutoOptions {
  candidates: Candidate[];
  combinations?: Combination[];
  /** Backtest origins used for selection and calibration (default 2). */
  windows?: number;
  /** Steps between backtest origins (default: the horizon). Shorter steps give short series more origins. */
  step?: number;
  /**
   * "series": each series gets its own best candidate; "global": one candidate for all series;
   * a function maps a series to a group key and each group gets its best candidate.
   */
  select?: "series" | "global" | ((s: Series, index: number) => string);
  /**
   * With select "series": a series leaves the overall best candidate only for one whose validation
   * MASE on that series is lower by more than this fraction (default 0.3, chosen by inner validation on the
   * training parts of M4 Hourly and Weekly: last backtest window scored, earlier windows selecting). Per-series validation on
   * a few windows is noisy; the margin shrinks the choice toward the candidate that is best overall.
   */
  selectMargin?: number;
  /**
   * Weight of a backtest window's calibration scores relative to the next newer window (default 1: all equal).
   * Below 1, older windows — fitted on less history than the final fit — count less in the conformal quantile
   * (weighted conformal, Barber et al. 2023): weight = decay^(age in windows).
   */
  calibrationDecay?: number;
  /** Interval levels to calibrate at fit time (others are calibrated on demand from stored scores). */
  levels?: number[];
  /**
   * Fewest pooled calibration scores (over series, windows and steps) for conformal intervals; with fewer,
   * each series gets its chosen model's own intervals (default 40).
   */
  minCalibration?: number;
  /**
   * Worker threads for the candidates' backtests and final fits (default 1 = in this thread). Needs
   * every candidate to carry a registry `model` name. Results are identical either way.
   */
  workers?: number;
  /**
   * Backtest models that search specifications (ETS, ARIMA) with the specification one search at the earliest
   * origin chose per series, re-estimating only the parameters at each origin (default true; spec-search.ts).
   */
  reuseSpecs?: boolean;
  /** Called after each candidate's backtest (progress/timing). */
  onCandidate?: (event: { name: string; seconds: number }) => void;
}

/** Where a series' interval came from. */
export type IntervalSource = "conformal" | "cqr" | "model" | "random-walk";

export interface AutoReport {
  /** Chosen candidate (or combination) per series, in input order; after any fallback in the final fit. */
  chosen: string[];
  /** Mean validation MASE per candidate over all series. */
  validationMase: Record<string, number>;
  /** Wall seconds per candidate for the backtest and the final fit. */
  seconds: Record<string, number>;
  /** Per candidate: MASE per horizon block, sMAPE and its own interval's coverage on the backtest windows. */
  candidateMetrics: Record<string, CandidateMetrics>;
  /** Calibration scores per horizon step (scaled residuals of the chosen models). */
  calibrationCount: number;
  /** Per series, where its widest interval came from (set by the last forecast() call). */
  intervalSource: IntervalSource[];
  /** Candidates that failed on a series (in a backtest window or the final fit); those series used others. */
  failures: { candidate: string; seriesId: string; stage: "backtest" | "final"; message: string }[];
}

const EPS = 1e-12;
const MAX_REPORTED_FAILURES = 200;

/** In-sample scale used to normalise residuals so that series can share one conformal pool. */
export function residualScale(values: Float64Array, seasonLength: number): number {
  // One home for the scale: the served intervals (ml/conformal/calibration.ts) re-apply it at later origins.
  return calibrationScale(values, seasonLength);
}

/** Splits 0..n-1 into at most `parts` contiguous slices of near-equal size. */
function slices(n: number, parts: number): [number, number][] {
  const k = Math.max(1, Math.min(parts, n));
  return Array.from({ length: k }, (_, j) => [Math.floor((j * n) / k), Math.floor(((j + 1) * n) / k)] as [number, number]).filter(([a, b]) => b > a);
}

/** Concatenates backtests of contiguous slices of one panel back into one, in panel order. */
function concatBacktests(parts: BacktestResult[], offsets: number[]): BacktestResult {
  const first = parts[0];
  return {
    model: first.model,
    horizon: first.horizon,
    windows: first.windows.map((w, k) => ({
      cutFromEnd: w.cutFromEnd,
      forecasts: parts.flatMap((p) => p.windows[k].forecasts),
      actuals: parts.flatMap((p) => p.windows[k].actuals),
      scales: Float64Array.from(parts.flatMap((p) => [...p.windows[k].scales])),
      lastObserved: Float64Array.from(parts.flatMap((p) => [...p.windows[k].lastObserved])),
      fitSeconds: parts.reduce((a, p) => a + p.windows[k].fitSeconds, 0),
      forecastSeconds: parts.reduce((a, p) => a + p.windows[k].forecastSeconds, 0),
      failures: parts.flatMap((p, j) => p.windows[k].failures.map((f) => ({ index: f.index + offsets[j], message: f.message }))),
    })),
  };
}

/**
 * `auto`: model selection by rolling-origin validation MASE, then conformal calibration of the
 * chosen models' intervals from the same backtest residuals.
 *
 * 1. Every candidate is backtested on `windows` origins (global candidates fit once per origin on all
 *    series). Combinations are scored from the members' backtest forecasts without refitting. A candidate
 *    that fails on a series (throws, or forecasts non-finite values) scores nothing there and is not chosen
 *    for it; the failure is reported.
 * 2. Each series (or group) takes the candidate with the lowest mean validation MASE; per series, the
 *    overall best candidate is kept unless another wins on that series by more than `selectMargin`.
 *    Ties go to the earlier candidate, so the choice is deterministic.
 * 3. Calibration (split conformal, scaled residuals): the chosen model's backtest errors at step h,
 *    divided by the series' in-sample scale, are pooled over series and windows (with several
 *    windows, window w is scored with the model selected on the other windows, which removes the
 *    selection optimism from the scores); the half-width at
 *    step h is the ⌈(n+1)(1−α)⌉-th smallest score times the series' scale. When the chosen model
 *    emits quantiles for the level, conformalized quantile regression (Romano et al. 2019) adjusts
 *    its quantile band instead. When the pool is smaller than `minCalibration`, or a step's quantile does
 *    not exist, the chosen model's own interval is used (and, if it has none, a random-walk band from the
 *    series' own scale); `report().intervalSource` says which.
 * 4. The used candidates are refitted on the full series for the final forecast. If the chosen one fails
 *    there, the series takes its next-ranked candidate, and last of all the last observed value.
 */
export function createAutoForecaster(opts: AutoOptions): Forecaster & { report(): AutoReport } {
  if (opts.candidates.length === 0) throw new InvalidInputError("auto needs at least one candidate", { field: "candidates" });
  const windows = opts.windows ?? 2;
  const combos = opts.combinations ?? [];
  for (const c of combos) {
    for (const m of c.members) {
      if (!opts.candidates.some((x) => x.name === m)) {
        throw new InvalidInputError(`combination ${c.name} names unknown member ${m}`, { field: "combinations" });
      }
    }
  }
  const names = [...opts.candidates.map((c) => c.name), ...combos.map((c) => c.name)];
  const membersOf = (k: number): string[] => {
    const combo = combos.find((c) => c.name === names[k]);
    return combo ? combo.members : [names[k]];
  };

  let state: {
    series: Series[];
    ctx: FitContext;
    /** Per series: candidate indices, best first (the chosen one first). */
    ranked: number[][];
    /** Final forecasts per candidate at horizon ctx.horizon and the fit-time levels; null where it failed. */
    finals: Map<string, (Forecast | null)[]>;
    used: Set<string>;
    scales: Float64Array;
    /** Scaled absolute residuals per step. */
    residualScores: Float64Array[];
    /** Per step, each residual score's weight (its window's recency); null when all weigh the same. */
    residualWeights: Float64Array[] | null;
    /** CQR scores per level per step, from series whose chosen model emitted quantiles. */
    cqrScores: Map<number, Float64Array[]>;
    fitLevels: number[];
    report: AutoReport;
  } | null = null;

  return {
    name: "auto",
    report() {
      if (!state) throw new ModelStateError("auto: report() before fit");
      return state.report;
    },
    async fit(series: Series[], ctx: FitContext) {
      const H = ctx.horizon;
      const m = ctx.seasonLengths[0] ?? 1;
      const levels = opts.levels ?? [80, 95];
      const seconds: Record<string, number> = {};
      const failures: AutoReport["failures"] = [];
      const noteFailure = (candidate: string, index: number, stage: "backtest" | "final", message: string) => {
        if (failures.length < MAX_REPORTED_FAILURES) failures.push({ candidate, seriesId: series[index].id, stage, message });
      };
      // 1. backtests, and the final fits on the full series
      const results = new Map<string, BacktestResult>();
      const finals = new Map<string, (Forecast | null)[]>();
      const workers = opts.workers ?? 1;
      const plainCtx = { seasonLengths: ctx.seasonLengths, horizon: H, seed: ctx.seed };
      if (workers > 1 && opts.candidates.every((c) => c.model)) {
        // Local candidates are split into contiguous slices of the panel so the threads stay busy even when
        // one model (ARIMA) costs far more than the others; a global model is one job.
        const jobs: { k: number; from: number; job: CandidateJob }[] = [];
        opts.candidates.forEach((c, k) => {
          const parts = c.local && series.length >= 2 * workers ? slices(series.length, workers) : [[0, series.length] as [number, number]];
          for (const [a, b] of parts) {
            jobs.push({ k, from: a, job: { model: c.model!, series: series.slice(a, b), ctx: plainCtx, windows, step: opts.step, levels, local: c.local ?? false, reuseSpecs: opts.reuseSpecs } });
          }
        });
        const done = await runJobsInWorkers(jobs.map((j) => j.job), workers);
        opts.candidates.forEach((c, k) => {
          const mine = jobs.map((j, q) => ({ ...j, r: done[q] })).filter((j) => j.k === k);
          results.set(c.name, concatBacktests(mine.map((j) => j.r.backtest), mine.map((j) => j.from)));
          finals.set(c.name, mine.flatMap((j) => j.r.final));
          for (const j of mine) for (const f of j.r.finalFailures) noteFailure(c.name, f.index + j.from, "final", f.message);
          seconds[c.name] = mine.reduce((a, j) => a + j.r.backtestSeconds + j.r.finalSeconds, 0);
          opts.onCandidate?.({ name: c.name, seconds: seconds[c.name] });
        });
      } else {
        for (const c of opts.candidates) {
          const r = await runCandidate(c.factory, { series, ctx: plainCtx, windows, step: opts.step, levels, local: c.local ?? false, reuseSpecs: opts.reuseSpecs });
          results.set(c.name, r.backtest);
          finals.set(c.name, r.final);
          for (const f of r.finalFailures) noteFailure(c.name, f.index, "final", f.message);
          seconds[c.name] = r.backtestSeconds + r.finalSeconds;
          opts.onCandidate?.({ name: c.name, seconds: seconds[c.name] });
        }
      }
      for (const c of opts.candidates) {
        for (const w of results.get(c.name)!.windows) for (const f of w.failures) noteFailure(c.name, f.index, "backtest", f.message);
      }
      for (const c of combos) results.set(c.name, combineBacktests(c, results));
      // 2. selection
      const maseBy = names.map((n) => seriesMase(results.get(n)!));
      const validationMase: Record<string, number> = {};
      names.forEach((n, k) => (validationMase[n] = meanOf(maseBy[k])));
      const perWindow = windowMase(names.map((n) => results.get(n)!));
      const select = opts.select ?? "series";
      const margin = opts.selectMargin ?? 0.3;
      const allWindows = Array.from({ length: windows }, () => true);
      const chosen = select === "series" ? selectPerSeries(perWindow, allWindows, margin) : selectModels(series, names, maseBy, select);
      // Fallback order per series: the chosen one, then the rest by this series' validation MASE, then the
      // candidates it has no score for (in the order given).
      const ranked = series.map((_, i) => {
        const rest = names.map((_, k) => k).filter((k) => k !== chosen[i]);
        const score = (k: number) => (Number.isFinite(maseBy[k][i]) ? maseBy[k][i] : Infinity);
        rest.sort((a, b) => score(a) - score(b) || a - b);
        return [chosen[i], ...rest];
      });
      // 3. calibration scores
      const residualScores: Float64Array[] = Array.from({ length: H }, () => new Float64Array(0));
      const resLists: number[][] = Array.from({ length: H }, () => []);
      const decay = opts.calibrationDecay ?? 1;
      if (!(decay > 0 && decay <= 1)) throw new InvalidInputError(`calibrationDecay must be in (0, 1], got ${decay}`, { field: "calibrationDecay" });
      const weightLists: number[][] = Array.from({ length: H }, () => []);
      const cqrLists = new Map<number, number[][]>();
      // Scores for window w come from the model selected on the OTHER windows (leave-one-window-out),
      // so that calibration residuals are not the optimistic minimum over candidates on the same data.
      const heldOutChoice =
        windows > 1 && select === "series"
          ? Array.from({ length: windows }, (_, wi) => selectPerSeries(perWindow, allWindows.map((_, w) => w !== wi), margin))
          : null;
      series.forEach((_, i) => {
        for (let wi = 0; wi < windows; wi++) {
          const k = heldOutChoice ? heldOutChoice[wi][i] : chosen[i];
          const w = results.get(names[k])!.windows[wi];
          const f = w.forecasts[i];
          if (!f) continue;
          const scale = w.scales[i] > EPS ? w.scales[i] : residualScale(w.actuals[i], 1);
          for (let h = 0; h < H; h++) {
            const y = w.actuals[i][h];
            if (!Number.isFinite(y) || !Number.isFinite(f.mean[h])) continue;
            resLists[h].push(residualScore(y, f.mean[h], scale));
            weightLists[h].push(decay ** (windows - 1 - wi));
          }
          for (const level of levels) {
            const band = quantileBand(f, level);
            if (!band) continue;
            if (!cqrLists.has(level)) cqrLists.set(level, Array.from({ length: H }, () => []));
            const lists = cqrLists.get(level)!;
            for (let h = 0; h < H; h++) {
              const y = w.actuals[i][h];
              if (Number.isFinite(y)) lists[h].push(cqrScore(y, band.lower[h], band.upper[h], scale));
            }
          }
        }
      });
      resLists.forEach((l, h) => (residualScores[h] = Float64Array.from(l)));
      const cqrScores = new Map<number, Float64Array[]>();
      for (const [level, lists] of cqrLists) cqrScores.set(level, lists.map((l) => Float64Array.from(l)));
      // 4. the candidates a series may end up with: its chosen one and the next two, for final-fit failures
      const used = new Set<string>();
      for (const r of ranked) for (const k of r.slice(0, 3)) for (const n of membersOf(k)) used.add(n);
      for (const c of opts.candidates) if (!used.has(c.name)) finals.delete(c.name);
      const scales = Float64Array.from(series, (s) => residualScale(s.values, m));
      state = {
        series,
        ctx,
        ranked,
        finals,
        used,
        scales,
        residualScores,
        residualWeights: decay === 1 ? null : weightLists.map((l) => Float64Array.from(l)),
        cqrScores,
        fitLevels: levels,
        report: {
          chosen: chosen.map((k) => names[k]),
          validationMase,
          seconds,
          candidateMetrics: Object.fromEntries(names.map((n) => [n, candidateMetrics(results.get(n)!)])),
          calibrationCount: resLists[0]?.length ?? 0,
          intervalSource: series.map(() => "conformal"),
          failures,
        },
      };
    },
    async forecast(horizon: number, levels: number[]): Promise<Forecast[]> {
      if (!state) throw new ModelStateError("auto: forecast called before fit");
      const st = state;
      const raw = new Map<string, (Forecast | null)[]>();
      const plainCtx = { seasonLengths: st.ctx.seasonLengths, horizon, seed: st.ctx.seed };
      const reuse = horizon === st.ctx.horizon && levels.every((l) => st.fitLevels.includes(l));
      const forecastsOf = async (name: string) => {
        let fs = raw.get(name);
        if (fs) return fs;
        const pre = st.finals.get(name);
        if (pre && reuse) fs = pre;
        else {
          const c = opts.candidates.find((x) => x.name === name)!;
          fs = (await fitAndForecast(c.factory, st.series, plainCtx, horizon, levels, { local: c.local ?? false })).forecasts;
        }
        raw.set(name, fs);
        return fs;
      };
      for (const name of st.used) await forecastsOf(name);
      const H = st.residualScores.length;
      const pooled = st.residualScores.reduce((a, s) => a + s.length, 0);
      const conformalOk = pooled >= (opts.minCalibration ?? 40);
      // Steps beyond the calibrated horizon reuse the last calibrated step (documented limitation).
      const byStep = Array.from({ length: horizon }, (_, h) => st.residualScores[Math.min(h, H - 1)]);
      const weights = st.residualWeights;
      const byStepWeights = weights ? Array.from({ length: horizon }, (_, h) => weights[Math.min(h, H - 1)]) : undefined;
      const symQ = new Map(levels.map((l) => [l, stepQuantiles(byStep, 1 - l / 100, byStepWeights)]));
      const cqrQ = new Map<number, Float64Array>();
      for (const l of levels) {
        const sc = st.cqrScores.get(l);
        if (sc && sc[0].length > 0) cqrQ.set(l, stepQuantiles(Array.from({ length: horizon }, (_, h) => sc[Math.min(h, H - 1)]), 1 - l / 100));
      }
      const widest = levels.length ? Math.max(...levels) : NaN;
      const out: Forecast[] = [];
      for (let i = 0; i < st.series.length; i++) {
        const s = st.series[i];
        let base: Forecast | null = null;
        for (const k of st.ranked[i]) {
          const members = membersOf(k);
          if (!members.every((n) => st.used.has(n))) continue;
          const fs: Forecast[] = [];
          for (const n of members) {
            const f = (await forecastsOf(n))[i];
            if (f) fs.push(f);
          }
          if (fs.length !== members.length) continue;
          base = fs.length === 1 ? fs[0] : combineForecasts(fs, combos.find((c) => c.name === names[k])!.how);
          st.report.chosen[i] = names[k];
          break;
        }
        if (!base) {
          base = lastValueForecast(s, horizon);
          st.report.chosen[i] = "last-value";
        }
        const scale = st.scales[i];
        const intervals: Interval[] = levels.map((level) => {
          const band = quantileBand(base, level);
          const q = cqrQ.get(level);
          let iv: { lower: Float64Array; upper: Float64Array };
          let source: IntervalSource;
          if (band && q && conformalOk && q.every(Number.isFinite)) {
            iv = cqrInterval(band.lower, band.upper, q, scale);
            source = "cqr";
          } else {
            const sym = symQ.get(level)!;
            const own = base.intervals.find((x) => x.level === level);
            const ownOk = own && own.lower.length >= horizon && own.lower.every(Number.isFinite) && own.upper.every(Number.isFinite);
            if (conformalOk && sym.every(Number.isFinite)) {
              iv = symmetricInterval(base.mean, sym, scale);
              source = "conformal";
            } else if (ownOk) {
              iv = { lower: own.lower, upper: own.upper };
              source = "model";
            } else {
              iv = randomWalkBand(base.mean, scale, level);
              source = "random-walk";
            }
          }
          if (level === widest) st.report.intervalSource[i] = source;
          return { level, ...iv };
        });
        out.push({ id: s.id, mean: base.mean, intervals, quantiles: base.quantiles });
      }
      return out;
    },
  };
}

/** The last observed value carried forward: what a series gets when every candidate failed on it. */
function lastValueForecast(s: Series, horizon: number): Forecast {
  let last = NaN;
  for (let t = s.values.length - 1; t >= 0; t--) if (Number.isFinite(s.values[t])) { last = s.values[t]; break; }
  return { id: s.id, mean: new Float64Array(horizon).fill(Number.isFinite(last) ? last : 0), intervals: [] };
}

/** mean ± z·scale·√h: a random walk whose one-step error is the series' in-sample scale. */
export function randomWalkBand(mean: Float64Array, scale: number, level: number) {
  const lower = new Float64Array(mean.length);
  const upper = new Float64Array(mean.length);
  for (let h = 0; h < mean.length; h++) {
    const w = scale * randomWalkHalfWidth(level, h + 1);
    lower[h] = mean[h] - w;
    upper[h] = mean[h] + w;
  }
  return { lower, upper };
}

/** The (α/2, 1−α/2) quantile pair of a forecast for a central `level` % band, when present. */
function quantileBand(f: Forecast, level: number): { lower: Float64Array; upper: Float64Array } | null {
  if (!f.quantiles) return null;
  const a = (1 - level / 100) / 2;
  let lower: Float64Array | undefined;
  let upper: Float64Array | undefined;
  for (const [p, v] of f.quantiles) {
    if (Math.abs(p - a) < 1e-9) lower = v;
    if (Math.abs(p - (1 - a)) < 1e-9) upper = v;
  }
  return lower && upper ? { lower, upper } : null;
}

function combineBacktests(c: Combination, results: Map<string, BacktestResult>): BacktestResult {
  const members = c.members.map((n) => results.get(n)!);
  const first = members[0];
  return {
    model: c.name,
    horizon: first.horizon,
    windows: first.windows.map((w, k) => ({
      ...w,
      forecasts: w.forecasts.map((f, i) => {
        const fs = members.map((r) => r.windows[k].forecasts[i]);
        return f && fs.every(Boolean) ? combineForecasts(fs as Forecast[], c.how) : null;
      }),
    })),
  };
}

function selectModels(series: Series[], names: string[], maseBy: Float64Array[], select: NonNullable<AutoOptions["select"]>): number[] {
  const groupOf = (s: Series, i: number) => (select === "series" ? String(i) : select === "global" ? "all" : select(s, i));
  const groups = new Map<string, number[]>();
  series.forEach((s, i) => {
    const g = groupOf(s, i);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(i);
  });
  const chosen = new Array<number>(series.length).fill(0);
  for (const members of groups.values()) {
    let best = 0;
    let bestScore = Infinity;
    names.forEach((_, k) => {
      const score = meanOf(members.map((i) => maseBy[k][i]));
      if (score < bestScore - 1e-12) {
        bestScore = score;
        best = k;
      }
    });
    for (const i of members) chosen[i] = best;
  }
  return chosen;
}

/** MASE per candidate, series and window: out[k][i][w] (NaN when the series sat the window out). */
function windowMase(results: BacktestResult[]): Float64Array[][] {
  return results.map((r) => {
    const nSeries = r.windows[0]?.actuals.length ?? 0;
    return Array.from({ length: nSeries }, (_, i) =>
      Float64Array.from(r.windows, (w) => {
        const f = w.forecasts[i];
        if (!f) return NaN;
        let s = 0;
        let c = 0;
        for (let h = 0; h < r.horizon; h++) {
          const e = w.actuals[i][h] - f.mean[h];
          if (Number.isFinite(e)) { s += Math.abs(e); c++; }
        }
        return c ? s / c / w.scales[i] : NaN;
      }),
    );
  });
}

/**
 * Per-series choice using the windows in `use`: the overall best candidate (lowest mean MASE over
 * series) unless another candidate beats it on this series by more than `margin` (relative).
 * Ties go to the earlier candidate.
 */
function selectPerSeries(perWindow: Float64Array[][], use: boolean[], margin: number): number[] {
  const K = perWindow.length;
  const nSeries = perWindow[0]?.length ?? 0;
  const score = perWindow.map((byS) =>
    byS.map((byW) => {
      let s = 0;
      let c = 0;
      byW.forEach((v, w) => {
        if (use[w] && Number.isFinite(v)) { s += v; c++; }
      });
      return c ? s / c : NaN;
    }),
  );
  let g = 0;
  let gScore = Infinity;
  for (let k = 0; k < K; k++) {
    const m = meanOf(score[k]);
    if (m < gScore - 1e-12) { gScore = m; g = k; }
  }
  const out = new Array<number>(nSeries);
  for (let i = 0; i < nSeries; i++) {
    let best = g;
    let bestScore = Number.isFinite(score[g][i]) ? score[g][i] * (1 - margin) : Infinity;
    for (let k = 0; k < K; k++) {
      const v = score[k][i];
      if (Number.isFinite(v) && v < bestScore - 1e-12) { bestScore = v; best = k; }
    }
    out[i] = best;
  }
  return out;
}

function meanOf(v: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i])) { s += v[i]; c++; }
  return c ? s / c : Infinity;
}

