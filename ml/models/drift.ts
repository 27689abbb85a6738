import { rmsFinite } from "../stats/quantile";
import type { Forecaster } from "../types";
import { localForecaster, requireData } from "./local";

/**
 * Drift (random walk with drift): extrapolate the line from the first to the last observation,
 * f_{n+h} = y_n + h·(y_n − y_1)/(n − 1). Intervals (FPP3 §5.5): sd_h = σ·√(h(1 + h/(n−1))),
 * σ the RMS of one-step differences around the drift.
 */
export function createDriftForecaster(): Forecaster {
  return localForecaster("drift", (v, horizon) => {
    const last = requireData("drift", v);
    let first = 0;
    while (!Number.isFinite(v[first])) first++;
    const span = last - first;
    const slope = span > 0 ? (v[last] - v[first]) / span : 0;
    const res = new Float64Array(Math.max(v.length - 1, 0));
    for (let t = 1; t < v.length; t++) res[t - 1] = v[t] - v[t - 1] - slope;
    const sigma = rmsFinite(res);
    const mean = new Float64Array(horizon);
    const sd = new Float64Array(horizon);
    const ahead0 = v.length - 1 - last;
    for (let h = 1; h <= horizon; h++) {
      const a = h + ahead0;
      mean[h - 1] = v[last] + a * slope;
      sd[h - 1] = sigma * Math.sqrt(a * (1 + a / Math.max(span, 1)));
    }
    return { mean, sd };
  });
}
