import { loadGlobalModels } from "../models/global-models";
import { getFactory, registerModel } from "../models/registry";
import type { FitContext, Forecast, Series } from "../types";
import { rollingOrigin, type BacktestResult } from "./rolling-origin";

/** Everything a worker needs to backtest one registry model and fit it for the final forecast. */
export interface CandidateJob {
  model: string;
  series: Series[];
  ctx: FitContext;
  windows: number;
  levels: number[];
}

export interface CandidateJobResult {
  model: string;
  backtest: BacktestResult;
  /** Forecasts of the model refitted on the full series, horizon ctx.horizon, at `levels`. */
  final: Forecast[];
  backtestSeconds: number;
  finalSeconds: number;
}

/** Runs a job in the current thread (the worker calls this; tests can too). */
export async function runCandidateJob(job: CandidateJob): Promise<CandidateJobResult> {
  for (const [name, f] of await loadGlobalModels()) registerModel(name, f);
  const factory = getFactory(job.model);
  const t0 = performance.now();
  const backtest = await rollingOrigin(factory, job.series, {
    horizon: job.ctx.horizon,
    windows: job.windows,
    seasonLengths: job.ctx.seasonLengths,
    levels: job.levels,
    seed: job.ctx.seed,
  });
  const t1 = performance.now();
  const model = factory();
  await model.fit(job.series, { seasonLengths: job.ctx.seasonLengths, horizon: job.ctx.horizon, seed: job.ctx.seed });
  const final = await model.forecast(job.ctx.horizon, job.levels);
  return { model: job.model, backtest, final, backtestSeconds: (t1 - t0) / 1000, finalSeconds: (performance.now() - t1) / 1000 };
}
