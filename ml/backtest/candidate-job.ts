import { loadGlobalModels } from "../models/global-models";
import { getFactory, registerModel } from "../models/registry";
import type { FitContext, Forecast, Series } from "../types";
import { rollingOrigin, type BacktestResult } from "./rolling-origin";
import { specSearchFactory } from "./spec-search";
import { fitAndForecast, type CandidateFailure } from "./tolerant-forecast";

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

/** Runs a job in the current thread (the worker calls this; tests can too). */
export async function runCandidateJob(job: CandidateJob): Promise<CandidateJobResult> {
  for (const [name, f] of await loadGlobalModels()) registerModel(name, f);
  const factory = getFactory(job.model);
  const ctx = { seasonLengths: job.ctx.seasonLengths, horizon: job.ctx.horizon, seed: job.ctx.seed };
  const t0 = performance.now();
  const final = await fitAndForecast(factory, job.series, ctx, job.ctx.horizon, job.levels, { local: job.local });
  const t1 = performance.now();
  const backtestFactory = job.reuseSpecs !== false ? await specSearchFactory(factory, job.series, ctx, { windows: job.windows, step: job.step ?? job.ctx.horizon }) : factory;
  const backtest = await rollingOrigin(backtestFactory, job.series, {
    horizon: job.ctx.horizon,
    windows: job.windows,
    step: job.step,
    seasonLengths: job.ctx.seasonLengths,
    levels: job.levels,
    seed: job.ctx.seed,
    local: job.local,
  });
  return {
    model: job.model,
    backtest,
    final: final.forecasts,
    finalFailures: final.failures,
    backtestSeconds: (performance.now() - t1) / 1000,
    finalSeconds: (t1 - t0) / 1000,
  };
}
