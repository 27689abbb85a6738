import type { FitContext, Forecast, Forecaster, ForecasterFactory, Series } from "../types";

/** A candidate that could not forecast one series (or, for a global model, the whole panel). */
export interface CandidateFailure {
  /** Index of the series in the panel given to the fit. */
  index: number;
  message: string;
}

export interface TolerantResult {
  /** Per series: the forecast, or null when the model failed on that series. */
  forecasts: (Forecast | null)[];
  failures: CandidateFailure[];
  /** The model fitted on the whole panel, when that fit succeeded (for spec reuse). */
  model?: Forecaster;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** A forecast is usable when every step of its mean is finite; anything else counts as a failure. */
export function usableForecast(f: Forecast | undefined, horizon: number): f is Forecast {
  if (!f || f.mean.length < horizon) return false;
  for (let h = 0; h < horizon; h++) if (!Number.isFinite(f.mean[h])) return false;
  return true;
}

/**
 * Fits a fresh model on `series` and forecasts `horizon` steps, so that one bad series cannot take a
 * candidate down for every other series:
 *   - the whole panel is fitted at once (global models train across series, local ones loop);
 *   - if that throws and the model is `local`, each series is fitted alone and only the ones that throw are
 *     dropped; a global model that throws is dropped for the whole panel;
 *   - a forecast with a non-finite mean counts as a failure of that series.
 * Failures are returned with their messages; the caller reports them and falls back.
 */
export async function fitAndForecast(
  factory: ForecasterFactory,
  series: Series[],
  ctx: FitContext,
  horizon: number,
  levels: number[],
  opts: { local: boolean },
): Promise<TolerantResult> {
  const forecasts: (Forecast | null)[] = series.map(() => null);
  const failures: CandidateFailure[] = [];
  const keep = (fs: Forecast[], indices: number[]) =>
    indices.forEach((i, k) => {
      if (usableForecast(fs[k], horizon)) forecasts[i] = fs[k];
      else failures.push({ index: i, message: "forecast has non-finite values" });
    });
  try {
    const model = factory();
    await model.fit(series, ctx);
    keep(await model.forecast(horizon, levels), series.map((_, i) => i));
    return { forecasts, failures, model };
  } catch (e) {
    if (!opts.local || series.length === 1) {
      return { forecasts, failures: series.map((_, index) => ({ index, message: describe(e) })) };
    }
  }
  for (let i = 0; i < series.length; i++) {
    try {
      const model = factory();
      await model.fit([series[i]], ctx);
      keep(await model.forecast(horizon, levels), [i]);
    } catch (e) {
      failures.push({ index: i, message: describe(e) });
    }
  }
  return { forecasts, failures };
}
