import { ModelStateError } from "../../errors";
import { quantileSorted, sortedFinite } from "../../stats/quantile";
import type { FitContext, Forecast, Forecaster, Series } from "../../types";
import { lastFiniteIndex } from "../local";

export type IntermittentMethod = "croston" | "sba" | "tsb";

export interface IntermittentOptions {
  method?: IntermittentMethod;
  /** Fixed smoothing for demand sizes (and intervals for Croston/SBA); chosen by in-sample MSE when absent. */
  alpha?: number;
  /** Fixed smoothing of the demand probability (TSB); chosen by MSE when absent. */
  beta?: number;
}

/** One-step fitted values and final forecast rate of one series (no NaN; values ≥ 0). */
export interface IntermittentFit {
  rate: number;
  fitted: Float64Array;
  alpha: number;
  beta: number;
}

/**
 * Croston (1972): simple exponential smoothing of the non-zero demand sizes z and of the intervals p
 * between them, both started at their first value (R's `forecast::croston`: `ses(initial = "simple")`);
 * the forecast rate is z/p. SBA (Syntetos & Boylan 2005) multiplies it by 1 − α/2 to remove
 * Croston's bias. The fitted value at t is the rate known after t − 1 (NaN before the second demand).
 */
export function crostonFit(y: Float64Array, alpha: number, sba: boolean): IntermittentFit {
  const n = y.length;
  const fitted = new Float64Array(n).fill(NaN);
  let z = NaN;
  let p = NaN;
  let gap = 0;
  let demands = 0;
  let rate = NaN;
  const k = sba ? 1 - alpha / 2 : 1;
  for (let t = 0; t < n; t++) {
    fitted[t] = rate;
    gap++;
    if (y[t] > 0) {
      if (demands === 0) { z = y[t]; p = gap; }
      else { z += alpha * (y[t] - z); p += alpha * (gap - p); }
      demands++;
      gap = 0;
      rate = (k * z) / p;
    }
  }
  // One demand only: R repeats it over its interval; none: zero.
  if (demands === 0) rate = 0;
  return { rate, fitted, alpha, beta: NaN };
}

/**
 * TSB (Teunter, Syntetos & Babai 2011): the demand probability is smoothed every period
 * (π ← π + β(1[y>0] − π)) and the size only when demand occurs (z ← z + α(y − z)); forecast π·z.
 * Starts: π = share of non-zero periods, z = first non-zero value.
 */
export function tsbFit(y: Float64Array, alpha: number, beta: number): IntermittentFit {
  const n = y.length;
  let nz = 0;
  let z = NaN;
  for (let t = 0; t < n; t++) if (y[t] > 0) { if (nz === 0) z = y[t]; nz++; }
  if (nz === 0) return { rate: 0, fitted: new Float64Array(n).fill(0), alpha, beta };
  let pi = nz / n;
  const fitted = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    fitted[t] = pi * z;
    const d = y[t] > 0 ? 1 : 0;
    pi += beta * (d - pi);
    if (d) z += alpha * (y[t] - z);
  }
  return { rate: pi * z, fitted, alpha, beta };
}

function mse(y: Float64Array, fitted: Float64Array): number {
  let s = 0;
  let c = 0;
  for (let t = 0; t < y.length; t++) {
    if (!Number.isFinite(fitted[t])) continue;
    s += (y[t] - fitted[t]) ** 2;
    c++;
  }
  return c ? s / c : Infinity;
}

const GRID = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5];

/** Fit with the smoothing constants given, or the grid values with the lowest in-sample one-step MSE. */
export function fitIntermittent(y: Float64Array, opts: IntermittentOptions = {}): IntermittentFit {
  const method = opts.method ?? "croston";
  let best: IntermittentFit | null = null;
  let bestScore = Infinity;
  const alphas = opts.alpha !== undefined ? [opts.alpha] : GRID;
  const betas = method === "tsb" ? (opts.beta !== undefined ? [opts.beta] : GRID) : [NaN];
  for (const a of alphas) {
    for (const b of betas) {
      const f = method === "tsb" ? tsbFit(y, a, b) : crostonFit(y, a, method === "sba");
      const s = mse(y, f.fitted);
      if (s < bestScore - 1e-12 || !best) { bestScore = s; best = f; }
    }
  }
  return best!;
}

/** Share of zero values among the observed ones (the intermittency rule in auto uses it). */
export function zeroShare(v: Float64Array): number {
  let z = 0;
  let c = 0;
  for (const x of v) if (Number.isFinite(x)) { c++; if (x === 0) z++; }
  return c ? z / c : 0;
}

/**
 * Croston / SBA / TSB as a Forecaster. The forecast is flat (a demand rate). Intervals: empirical
 * quantiles of the in-sample one-step errors added to the rate, floored at 0 — demand per period
 * around a flat rate does not widen with the horizon the way a random walk does. Missing values
 * count as zero demand only when the series has no other values; otherwise they are skipped.
 */
export function createIntermittentForecaster(opts: IntermittentOptions = {}): Forecaster {
  const method = opts.method ?? "croston";
  let data: Series[] | null = null;
  return {
    name: method,
    async fit(series: Series[], _ctx: FitContext) {
      data = series;
    },
    async forecast(horizon: number, levels: number[]): Promise<Forecast[]> {
      if (!data) throw new ModelStateError(`${method}: forecast called before fit`);
      return data.map((s) => {
        if (lastFiniteIndex(s.values) < 0) throw new ModelStateError(`${method}: series ${s.id} has no observed values`);
        const y = Float64Array.from([...s.values].filter(Number.isFinite), (v) => Math.max(v, 0));
        const fit = fitIntermittent(y, opts);
        const mean = new Float64Array(horizon).fill(fit.rate);
        const res = new Float64Array(y.length);
        for (let t = 0; t < y.length; t++) res[t] = y[t] - fit.fitted[t];
        const sorted = sortedFinite(res);
        const intervals = levels.map((level) => {
          const a = (1 - level / 100) / 2;
          const lo = sorted.length ? Math.max(0, fit.rate + quantileSorted(sorted, a)) : 0;
          const hi = sorted.length ? Math.max(fit.rate, fit.rate + quantileSorted(sorted, 1 - a)) : Math.max(...y);
          return { level, lower: new Float64Array(horizon).fill(Math.min(lo, fit.rate)), upper: new Float64Array(horizon).fill(hi) };
        });
        return { id: s.id, mean, intervals };
      });
    },
  };
}
