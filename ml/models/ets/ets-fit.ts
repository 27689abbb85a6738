/** The fitted ETS model and its parts: the types fit.ts estimates and holt-winters.ts, forecast.ts and serialize.ts use. */
export type ErrorType = "A" | "M";
export type TrendType = "N" | "A" | "M";
export type SeasonType = "N" | "A" | "M";

export interface EtsComponents {
  error: ErrorType;
  trend: TrendType;
  season: SeasonType;
  damped: boolean;
}

export interface EtsParams {
  alpha: number;
  /** null without a trend */
  beta: number | null;
  /** null without a season */
  gamma: number | null;
  /** null unless damped */
  phi: number | null;
}

/** A fitted ETS model: everything needed to forecast, plus the in-sample filter output. */
export interface EtsFit {
  /** "ETS(M,Ad,M)" as R prints it. */
  method: string;
  components: EtsComponents;
  /** Season length used by the model (1 when non-seasonal). */
  m: number;
  par: EtsParams;
  /** Initial state [l, b?, s0 .. s_{m-1}] (R's `initstate`, s0 the newest season). */
  initState: number[];
  /** State after the last observation, same layout. */
  lastState: number[];
  /** R's `loglik` (−0.5 · lik; R omits the Gaussian constants). */
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Σe² / (n − #parameters), e additive or relative errors as in R. */
  sigma2: number;
  /** Observations the model has seen (fit + update). */
  nobs: number;
  /** How the model came about: "ets" (R's search/fit) or "holt-winters" (R's short-series fallback). */
  source: "ets" | "holt-winters" | "constant";
  /** In-sample filter output; absent on a model restored by fromJSON. */
  states?: {
    level: Float64Array;
    trend: Float64Array | null;
    season: Float64Array | null;
    fitted: Float64Array;
    residuals: Float64Array;
  };
}
