import { ModelStateError } from "../errors";
import { zForLevel } from "../stats/normal";
import type { FitContext, Forecast, Forecaster, Series } from "../types";

/** What a local (one-series-at-a-time) model produces for one series. */
export interface LocalFit {
  mean: Float64Array;
  /** Forecast standard deviation per step (Gaussian residual-based intervals); NaN when unknown. */
  sd: Float64Array;
}

export type LocalFitFn = (values: Float64Array, horizon: number, ctx: FitContext) => LocalFit;

/**
 * Adapter from a per-series fitting function to the Forecaster contract. Local models are cheap, so
 * `fit` only remembers the data and the actual work happens in `forecast` for the requested horizon.
 * Intervals are mean ± z·sd (symmetric Gaussian on the model's own in-sample residuals); the
 * conformal layer can replace them with calibrated ones.
 */
export function localForecaster(name: string, fitOne: LocalFitFn): Forecaster {
  let data: Series[] | null = null;
  let context: FitContext | null = null;
  return {
    name,
    async fit(series: Series[], ctx: FitContext) {
      data = series;
      context = ctx;
    },
    async forecast(horizon: number, levels: number[]): Promise<Forecast[]> {
      if (!data || !context) throw new ModelStateError(`${name}: forecast called before fit`);
      const ctx = context;
      return data.map((s) => {
        const f = fitOne(s.values, horizon, ctx);
        return { id: s.id, mean: f.mean, intervals: gaussianIntervals(f.mean, f.sd, levels) };
      });
    },
  };
}

export function gaussianIntervals(mean: Float64Array, sd: Float64Array, levels: number[]) {
  return levels.map((level) => {
    const z = zForLevel(level);
    const lower = new Float64Array(mean.length);
    const upper = new Float64Array(mean.length);
    for (let h = 0; h < mean.length; h++) {
      lower[h] = mean[h] - z * sd[h];
      upper[h] = mean[h] + z * sd[h];
    }
    return { level, lower, upper };
  });
}

/** Index of the last finite value, or -1. */
export function lastFiniteIndex(v: Float64Array): number {
  for (let i = v.length - 1; i >= 0; i--) if (Number.isFinite(v[i])) return i;
  return -1;
}

export function requireData(name: string, v: Float64Array): number {
  const last = lastFiniteIndex(v);
  if (last < 0) throw new ModelStateError(`${name}: series has no observed values`);
  return last;
}
