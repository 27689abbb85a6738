import { InvalidInputError, ModelStateError } from "../errors";
import { seasonalScale } from "../metrics/scale";
import { stepQuantiles } from "../conformal/quantile";
import { cqrInterval, cqrScore, residualScore, symmetricInterval } from "../conformal/scores";
import { combineForecasts, type Combiner } from "../models/ensemble";
import type { FitContext, Forecast, Forecaster, ForecasterFactory, Interval, Series } from "../types";
import { rollingOrigin, type BacktestResult } from "./rolling-origin";
import { seriesMase } from "./score";
import { runJobsInWorkers } from "./worker-pool";

export interface Candidate {
  name: string;
  factory: ForecasterFactory;
  /** Registry name of the same model; lets `workers > 1` run this candidate in a worker thread. */
  model?: string;
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
  /** Interval levels to calibrate at fit time (others are calibrated on demand from stored scores). */
  levels?: number[];
  /**
   * Worker threads for the candidates' backtests and final fits (default 1 = in this thread). Needs
   * every candidate to carry a registry `model` name. Results are identical either way.
   */
  workers?: number;
  /** Called after each candidate's backtest (progress/timing). */
  onCandidate?: (event: { name: string; seconds: number }) => void;
}

export interface AutoReport {
  /** Chosen candidate (or combination) per series, in input order. */
  chosen: string[];
  /** Mean validation MASE per candidate over all series. */
  validationMase: Record<string, number>;
  /** Wall seconds per candidate for the backtest and the final fit. */
  seconds: Record<string, number>;
  /** Calibration scores per horizon step (scaled residuals of the chosen models). */
  calibrationCount: number;
}

const EPS = 1e-12;

/** In-sample scale used to normalise residuals so that series can share one conformal pool. */
export function residualScale(values: Float64Array, seasonLength: number): number {
  let s = seasonalScale(values, seasonLength);
  if (!(s > EPS)) s = seasonalScale(values, 1);
  if (!(s > EPS)) {
    let a = 0;
    let c = 0;
    for (const v of values) if (Number.isFinite(v)) { a += Math.abs(v); c++; }
    s = c ? Math.max((a / c) * 1e-3, EPS) : 1;
  }
  return s;
}

/**
 * `auto`: model selection by rolling-origin validation MASE, then conformal calibration of the
 * chosen models' intervals from the same backtest residuals.
 *
 * 1. Every candidate is backtested on `windows` origins (global candidates fit once per origin on all
 *    series). Combinations are scored from the members' backtest forecasts without refitting.
 * 2. Each series (or group) takes the candidate with the lowest mean validation MASE; per series, the
 *    overall best candidate is kept unless another wins on that series by more than `selectMargin`.
 *    Ties go to the earlier candidate, so the choice is deterministic.
 * 3. Calibration (split conformal, scaled residuals): the chosen model's backtest errors at step h,
 *    divided by the series' in-sample scale, are pooled over series and windows (with several
 *    windows, window w is scored with the model selected on the other windows, which removes the
 *    selection optimism from the scores); the half-width at
 *    step h is the ⌈(n+1)(1−α)⌉-th smallest score times the series' scale. When the chosen model
 *    emits quantiles for the level, conformalized quantile regression (Romano et al. 2019) adjusts
 *    its quantile band instead.
 * 4. The used candidates are refitted on the full series for the final forecast.
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

  let state: {
    series: Series[];
    ctx: FitContext;
    chosen: number[];
    fitted: Map<string, Forecaster>;
    /** Final forecasts made in worker threads (horizon ctx.horizon, fit-time levels). */
    precomputed: Map<string, Forecast[]>;
    used: Set<string>;
    scales: Float64Array;
    /** Scaled absolute residuals per step. */
    residualScores: Float64Array[];
    /** CQR scores per level per step, from series whose chosen model emitted quantiles. */
    cqrScores: Map<number, Float64Array[]>;
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
      // 1. backtests
      const results = new Map<string, BacktestResult>();
      const precomputed = new Map<string, Forecast[]>();
      if ((opts.workers ?? 1) > 1 && opts.candidates.every((c) => c.model)) {
        const plainCtx = { seasonLengths: ctx.seasonLengths, horizon: H, seed: ctx.seed };
        const jobs = opts.candidates.map((c) => ({ model: c.model!, series, ctx: plainCtx, windows, levels }));
        const done = await runJobsInWorkers(jobs, opts.workers!);
        done.forEach((r, k) => {
          const name = opts.candidates[k].name;
          results.set(name, r.backtest);
          precomputed.set(name, r.final);
          seconds[name] = r.backtestSeconds + r.finalSeconds;
          opts.onCandidate?.({ name, seconds: seconds[name] });
        });
      } else {
        for (const c of opts.candidates) {
          const t0 = performance.now();
          results.set(c.name, await rollingOrigin(c.factory, series, { horizon: H, windows, seasonLengths: ctx.seasonLengths, levels, seed: ctx.seed }));
          seconds[c.name] = (performance.now() - t0) / 1000;
          opts.onCandidate?.({ name: c.name, seconds: seconds[c.name] });
        }
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
      // 3. calibration scores
      const residualScores: Float64Array[] = Array.from({ length: H }, () => new Float64Array(0));
      const resLists: number[][] = Array.from({ length: H }, () => []);
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
      // 4. final fits of the candidates that are used (directly or inside a chosen combination)
      const used = new Set<string>();
      for (const k of new Set(chosen)) {
        const combo = combos.find((c) => c.name === names[k]);
        for (const n of combo ? combo.members : [names[k]]) used.add(n);
      }
      const fitted = new Map<string, Forecaster>();
      for (const c of opts.candidates) {
        if (!used.has(c.name) || precomputed.has(c.name)) continue;
        const t0 = performance.now();
        const model = c.factory();
        await model.fit(series, ctx);
        fitted.set(c.name, model);
        seconds[c.name] = (seconds[c.name] ?? 0) + (performance.now() - t0) / 1000;
      }
      const scales = Float64Array.from(series, (s) => residualScale(s.values, m));
      state = {
        series,
        ctx,
        chosen,
        fitted,
        precomputed,
        used,
        scales,
        residualScores,
        cqrScores,
        report: { chosen: chosen.map((k) => names[k]), validationMase, seconds, calibrationCount: resLists[0]?.length ?? 0 },
      };
    },
    async forecast(horizon: number, levels: number[]): Promise<Forecast[]> {
      if (!state) throw new ModelStateError("auto: forecast called before fit");
      const st = state;
      const raw = new Map<string, Forecast[]>();
      for (const name of st.used) {
        const pre = st.precomputed.get(name);
        if (pre && horizon === st.ctx.horizon) {
          raw.set(name, pre);
          continue;
        }
        let model = st.fitted.get(name);
        if (!model) {
          // Worker-fitted candidate asked for another horizon: fit it here once.
          model = opts.candidates.find((c) => c.name === name)!.factory();
          await model.fit(st.series, st.ctx);
          st.fitted.set(name, model);
        }
        raw.set(name, await model.forecast(horizon, levels));
      }
      const H = st.residualScores.length;
      // Steps beyond the calibrated horizon reuse the last calibrated step (documented limitation).
      const byStep = Array.from({ length: horizon }, (_, h) => st.residualScores[Math.min(h, H - 1)]);
      const symQ = new Map(levels.map((l) => [l, stepQuantiles(byStep, 1 - l / 100)]));
      const cqrQ = new Map<number, Float64Array>();
      for (const l of levels) {
        const sc = st.cqrScores.get(l);
        if (sc && sc[0].length > 0) cqrQ.set(l, stepQuantiles(Array.from({ length: horizon }, (_, h) => sc[Math.min(h, H - 1)]), 1 - l / 100));
      }
      return st.series.map((s, i) => {
        const name = names[st.chosen[i]];
        const combo = combos.find((c) => c.name === name);
        const base = combo ? combineForecasts(combo.members.map((n) => raw.get(n)![i]), combo.how) : raw.get(name)![i];
        const scale = st.scales[i];
        const intervals: Interval[] = levels.map((level) => {
          const band = quantileBand(base, level);
          const q = cqrQ.get(level);
          if (band && q) return { level, ...cqrInterval(band.lower, band.upper, q, scale) };
          return { level, ...symmetricInterval(base.mean, symQ.get(level)!, scale) };
        });
        return { id: s.id, mean: base.mean, intervals, quantiles: base.quantiles };
      });
    },
  };
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

