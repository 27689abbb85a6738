/**
 * The contract every forecasting model in `ml/` implements. Pure data in, pure data out:
 * no database, no network, no Next. Missing observations are NaN.
 */

/** Exogenous variables aligned with a series: `past[k][t]` is covariate k at history step t. */
export interface Covariates {
  names: string[];
  /** One array per name, each as long as the history. */
  past: Float64Array[];
  /** One array per name with at least `horizon` future values (known-in-advance covariates such as weather forecasts). */
  future?: Float64Array[];
}

export interface Series {
  id: string;
  /** Regularly spaced observations, oldest first; NaN marks a missing value. */
  values: Float64Array;
  /** Epoch milliseconds of values[0], when known (calendar features need it). */
  startMs?: number;
  /** Spacing between observations in milliseconds, when known. */
  stepMs?: number;
  covariates?: Covariates;
}

export interface Interval {
  /** Nominal coverage in percent, e.g. 95. */
  level: number;
  lower: Float64Array;
  upper: Float64Array;
}

export interface Forecast {
  id: string;
  /** Point forecast per horizon step (index 0 = one step ahead). */
  mean: Float64Array;
  intervals: Interval[];
  /** Optional predictive quantiles keyed by probability, e.g. quantiles.get(0.975). */
  quantiles?: Map<number, Float64Array>;
}

export interface FitContext {
  /** Season lengths in steps, longest last (e.g. [48, 336] for half-hourly data). */
  seasonLengths: number[];
  /** Forecast horizon the model will be asked for; direct-strategy models train for it. */
  horizon: number;
  /** Seed for every random choice; the same seed gives the same forecasts. */
  seed?: number;
  /** Optional progress callback (e.g. per boosting iteration validation loss). */
  onProgress?: (event: { stage: string; iteration?: number; total?: number; validLoss?: number }) => void;
}

/**
 * One interface for local models (fit each series alone) and global models (one fit across many series).
 * `fit` sees every series at once; `forecast` returns one Forecast per series, in the same order.
 */
export interface Forecaster {
  readonly name: string;
  fit(series: Series[], ctx: FitContext): Promise<void>;
  forecast(horizon: number, levels: number[]): Promise<Forecast[]>;
}

export type ForecasterFactory = () => Forecaster;

/**
 * Optional on local models whose fit is a search over specifications (ETS's model family, ARIMA's orders):
 * after a fit, `specFactory()` makes forecasters that fit each series with the specification this fit chose
 * for the series with the same id, re-estimating only the parameters (a series it has no specification for
 * gets the full search). `auto` backtests with it, so an origin costs one estimation instead of a search.
 */
export interface SpecReuse {
  specFactory(): ForecasterFactory;
}

export function hasSpecReuse(f: Forecaster): f is Forecaster & SpecReuse {
  return typeof (f as Partial<SpecReuse>).specFactory === "function";
}

/** One forecast point: timestamp, mean and interval bounds keyed by nominal level ("80", "95"). */
export interface ForecastPoint {
  ts: string;
  mean: number;
  lower: Record<string, number>;
  upper: Record<string, number>;
}
