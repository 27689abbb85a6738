import { loadGlobalModels } from "../models/global-models";
import { getFactory, registerModel } from "../models/registry";
import type { FitContext, Forecast, Series } from "../types";
import type { BacktestResult } from "./rolling-origin";
import { runCandidate } from "./run-candidate";
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

/** Runs a job in the current thread, looking its model up by registry name (the worker calls this). */
export async function runCandidateJob(job: CandidateJob): Promise<CandidateJobResult> {
  for (const [name, f] of await loadGlobalModels()) registerModel(name, f);
  return { model: job.model, ...(await runCandidate(getFactory(job.model), job)) };
}
