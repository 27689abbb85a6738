import { rmsFinite } from "../stats/quantile";
import type { Forecaster } from "../types";
import { localForecaster, requireData } from "./local";

/**
 * Seasonal naive: step h repeats the observation one season (or k seasons) earlier,
 * f_{n+h} = y_{n+h−m(k+1)}, k = ⌊(h−1)/m⌋. Missing seasonal values fall back one more season.
 * Intervals (FPP3 §5.5): sd_h = σ·√(k+1), σ the RMS of in-sample seasonal differences.
 * `seasonLength` defaults to the shortest season in the fit context (1 = naive).
 */
export function createSeasonalNaiveForecaster(opts: { seasonLength?: number } = {}) {
  return localForecaster("seasonal-naive", (v, horizon, ctx) => {
    requireData("seasonal-naive", v);
    let m = opts.seasonLength ?? ctx.seasonLengths[0] ?? 1;
    if (m >= v.length) m = 1;
    const n = v.length;
    const diffs = new Float64Array(Math.max(n - m, 0));
    for (let t = m; t < n; t++) diffs[t - m] = v[t] - v[t - m];
    const sigma = rmsFinite(diffs);
    const mean = new Float64Array(horizon);
    const sd = new Float64Array(horizon);
    for (let h = 1; h <= horizon; h++) {
      const k = Math.floor((h - 1) / m);
      let idx = n + h - m * (k + 1) - 1;
      let back = 0;
      while (idx >= 0 && !Number.isFinite(v[idx])) {
        idx -= m;
        back++;
      }
      mean[h - 1] = idx >= 0 ? v[idx] : NaN;
      sd[h - 1] = sigma * Math.sqrt(k + 1 + back);
    }
    return { mean, sd };
  }) satisfies Forecaster;
}
