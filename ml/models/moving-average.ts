import { InvalidInputError } from "../errors";
import { rmsFinite } from "../stats/quantile";
import type { Forecaster } from "../types";
import { localForecaster, requireData } from "./local";

/**
 * Moving average: every step is the mean of the last `window` observations (NaNs skipped).
 * Intervals treat the series as locally level: σ is the RMS of in-sample one-step errors of the
 * same moving average, and sd_h = σ·√(1 + (h−1)/window) widens slowly because the level estimate
 * itself drifts over the horizon (a heuristic; the conformal layer recalibrates it).
 */
export function createMovingAverageForecaster(opts: { window?: number } = {}): Forecaster {
  const name = `moving-average${opts.window ? `-${opts.window}` : ""}`;
  return localForecaster(name, (v, horizon, ctx) => {
    requireData(name, v);
    const window = opts.window ?? ctx.seasonLengths[0] ?? 3;
    if (!(window >= 1)) throw new InvalidInputError(`moving average window must be >= 1, got ${window}`, { field: "window" });
    const n = v.length;
    const meanOf = (end: number) => {
      let s = 0;
      let c = 0;
      for (let i = Math.max(0, end - window); i < end; i++) if (Number.isFinite(v[i])) { s += v[i]; c++; }
      return c ? s / c : NaN;
    };
    const res = new Float64Array(Math.max(n - window, 0));
    for (let t = window; t < n; t++) res[t - window] = v[t] - meanOf(t);
    const sigma = rmsFinite(res);
    const level = meanOf(n);
    const mean = new Float64Array(horizon).fill(level);
    const sd = new Float64Array(horizon);
    for (let h = 1; h <= horizon; h++) sd[h - 1] = sigma * Math.sqrt(1 + (h - 1) / window);
    return { mean, sd };
  });
}
