import { rmsFinite } from "../stats/quantile";
import type { Forecaster } from "../types";
import { localForecaster, requireData } from "./local";

/**
 * Naive (random walk): every step repeats the last observation. Intervals follow Hyndman &
 * Athanasopoulos, FPP3 §5.5: sd_h = σ·√h with σ the RMS of one-step differences.
 */
export function createNaiveForecaster(): Forecaster {
  return localForecaster("naive", (v, horizon) => {
    const last = requireData("naive", v);
    const diffs = new Float64Array(Math.max(v.length - 1, 0));
    for (let t = 1; t < v.length; t++) diffs[t - 1] = v[t] - v[t - 1];
    const sigma = rmsFinite(diffs);
    const mean = new Float64Array(horizon).fill(v[last]);
    const sd = new Float64Array(horizon);
    for (let h = 0; h < horizon; h++) sd[h] = sigma * Math.sqrt(h + 1 + (v.length - 1 - last));
    return { mean, sd };
  });
}
