import type { FitContext, Forecast, Series } from "../types";
import type { BacktestResult } from "./rolling-origin";
import type { CandidateFailure } from "./tolerant-forecast";

/**
 * Everything a worker needs to backtest one registry model and fit it for the final forecast. For a local
 * model the series may be one contiguous slice of the panel (the panel is split across workers).
 */
export interface CandidateJob {
  model: string;
  series: Series[];
  ctx: FitContext;
  windows: number;
  /** Steps between backtest origins (default: the horizon). */
  step?: number;
  levels: number[];
  local: boolean;
  /** Backtest with the final fit's specifications where the model offers them (default true). */
  reuseSpecs?: boolean;
}

export interface CandidateJobResult {
  model: string;
  backtest: BacktestResult;
  /** Forecasts of the model refitted on the full series, horizon ctx.horizon, at `levels`; null where it failed. */
  final: (Forecast | null)[];
  finalFailures: CandidateFailure[];
  backtestSeconds: number;
  finalSeconds: number;
}
