import type { ForecasterFactory } from "../types";
import type { CandidateJob, CandidateJobResult } from "./candidate-job-types";
import { rollingOrigin } from "./rolling-origin";
import { specSearchFactory } from "./spec-search";
import { fitAndForecast } from "./tolerant-forecast";

/**
 * Backtests one candidate and fits it on the full series for the final forecast: the same work whether it runs
 * in this thread (auto with workers: 1) or in a worker (runCandidateJob). The final fit comes first; a searching
 * model is backtested with the specification one search at the earliest origin chose (spec-search.ts).
 */
export async function runCandidate(factory: ForecasterFactory, job: Omit<CandidateJob, "model">): Promise<Omit<CandidateJobResult, "model">> {
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
    backtest,
    final: final.forecasts,
    finalFailures: final.failures,
    backtestSeconds: (performance.now() - t1) / 1000,
    finalSeconds: (t1 - t0) / 1000,
  };
}
