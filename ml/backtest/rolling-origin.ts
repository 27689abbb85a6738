import { InvalidInputError } from "../errors";
import { seasonalScale } from "../metrics/scale";
import { truncateSeries } from "../series/split";
import type { FitContext, Forecast, ForecasterFactory, Series } from "../types";
import { fitAndForecast, type CandidateFailure } from "./tolerant-forecast";

export interface BacktestOptions {
  horizon: number;
  /** Number of forecast origins (folds). */
  windows: number;
  /** Steps between consecutive origins (default: horizon, i.e. non-overlapping test windows). */
  step?: number;
  seasonLengths: number[];
  /** Interval levels to request from the model (percent). */
  levels?: number[];
  seed?: number;
  /** A series with fewer observations than this before an origin sits that window out. */
  minTrain?: number;
  /** Exclude this many steps at the end before placing the origins (e.g. a final hold-out). */
  holdOut?: number;
  /**
   * A local model (one fit per series) that throws is retried series by series, so only the failing series
   * lose its forecast; a global model that throws loses the window. Default false.
   */
  local?: boolean;
}

/** Fewest observations before an origin for a series to take part in it: two seasons and one, a horizon, or 8. */
export function defaultMinTrain(seasonLength: number, horizon: number): number {
  return Math.max(2 * seasonLength + 1, horizon, 8);
}

/** One origin: the forecaster was fitted on every included series cut at the origin. */
export interface BacktestWindow {
  /** Steps removed from the end of each (post-holdOut) series for this origin. */
  cutFromEnd: number;
  /** Per series: its forecast, or null when the series was too short for this origin. */
  forecasts: (Forecast | null)[];
  /** Per series: the `horizon` actual values after the origin (NaN where missing). */
  actuals: Float64Array[];
  /** Per series: the in-sample seasonal-naive scale of the training part (M4 MASE denominator). */
  scales: Float64Array;
  /** Per series: the last training value (for direction accuracy). */
  lastObserved: Float64Array;
  fitSeconds: number;
  forecastSeconds: number;
  /** Series (panel indices) whose fit or forecast failed at this origin; their forecast is null. */
  failures: CandidateFailure[];
}

export interface BacktestResult {
  model: string;
  horizon: number;
  windows: BacktestWindow[];
}

/**
 * Rolling-origin evaluation (Tashman 2000): for each of N origins, oldest first, cut every series
 * at the origin, fit a fresh forecaster on ALL the cut series at once (so global models such as the
 * GBDT train once per origin across series, exactly as in production), forecast `horizon` steps and
 * keep the forecasts next to the actuals. Origins are placed from the end: the last window's test
 * part ends at the end of the (post-holdOut) data.
 */
export async function rollingOrigin(factory: ForecasterFactory, series: Series[], opts: BacktestOptions): Promise<BacktestResult> {
  const { horizon, windows } = opts;
  if (!(horizon >= 1)) throw new InvalidInputError(`horizon must be >= 1, got ${horizon}`, { field: "horizon" });
  if (!(windows >= 1)) throw new InvalidInputError(`windows must be >= 1, got ${windows}`, { field: "windows" });
  const step = opts.step ?? horizon;
  const holdOut = opts.holdOut ?? 0;
  const m = opts.seasonLengths[0] ?? 1;
  const minTrain = opts.minTrain ?? defaultMinTrain(m, horizon);
  const out: BacktestWindow[] = [];
  let name = "";
  for (let w = 0; w < windows; w++) {
    const cutFromEnd = (windows - 1 - w) * step + horizon;
    const included: number[] = [];
    const train: Series[] = [];
    const actuals: Float64Array[] = [];
    const scales = new Float64Array(series.length).fill(NaN);
    const lastObserved = new Float64Array(series.length).fill(NaN);
    series.forEach((s, i) => {
      const usable = s.values.length - holdOut;
      const origin = usable - cutFromEnd;
      const actual = new Float64Array(horizon).fill(NaN);
      if (origin >= minTrain) {
        actual.set(s.values.subarray(origin, Math.min(origin + horizon, usable)));
        const cut = truncateSeries(s, origin);
        included.push(i);
        train.push(cut);
        scales[i] = seasonalScale(cut.values, m);
        lastObserved[i] = cut.values[origin - 1];
      }
      actuals.push(actual);
    });
    const forecasts: (Forecast | null)[] = series.map(() => null);
    const failures: CandidateFailure[] = [];
    let fitSeconds = 0;
    const forecastSeconds = 0;
    if (train.length > 0) {
      name ||= factory().name;
      const ctx: FitContext = { seasonLengths: opts.seasonLengths, horizon, seed: opts.seed };
      const t0 = performance.now();
      // Fit and forecast are timed together: local models do their work in forecast().
      const r = await fitAndForecast(factory, train, ctx, horizon, opts.levels ?? [], { local: opts.local ?? false });
      fitSeconds = (performance.now() - t0) / 1000;
      included.forEach((i, k) => (forecasts[i] = r.forecasts[k]));
      for (const f of r.failures) failures.push({ index: included[f.index], message: f.message });
    }
    out.push({ cutFromEnd, forecasts, actuals, scales, lastObserved, fitSeconds, forecastSeconds, failures });
  }
  return { model: name || factory().name, horizon, windows: out };
}

/** Forecast errors (actual − mean) per series, window and step: errors[i][w][h]; NaN when absent. */
export function backtestErrors(r: BacktestResult): Float64Array[][] {
  const nSeries = r.windows[0]?.actuals.length ?? 0;
  return Array.from({ length: nSeries }, (_, i) =>
    r.windows.map((w) => {
      const e = new Float64Array(r.horizon).fill(NaN);
      const f = w.forecasts[i];
      if (f) for (let h = 0; h < r.horizon; h++) e[h] = w.actuals[i][h] - f.mean[h];
      return e;
    }),
  );
}
