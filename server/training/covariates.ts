/**
 * Covariates of a training job: other metrics of the same asset (temperature, production, …) fed to the
 * GBDT next to the target. `past` covariates are read at the forecast origin (their last observed value);
 * `future` ones at the target time, so serving needs their future values (a weather forecast, a production
 * plan). Values are aligned on the snapshot's grid by server/covariates (as serving does).
 */
import type { DbOrTx } from "@/db/client";
import type { Series } from "@/ml/types";
import { findSeries } from "@/server/assets";
import { alignStoredCovariates } from "@/server/covariates/align-stored-covariates";
import { ValidationError } from "@/server/http/errors";
import { TrainingDataError } from "./errors";
import type { TrainOptions } from "./options";

export interface CovariateRef {
  metric: string;
  seriesId: string;
}

export interface CovariateRefs {
  past: CovariateRef[];
  future: CovariateRef[];
}

export const NO_COVARIATES: CovariateRefs = { past: [], future: [] };

/** The covariates' series, checked: metrics of the asset, not the target, each named once. */
export async function resolveCovariates(db: DbOrTx, params: { assetId: string; metric: string; options: TrainOptions }): Promise<CovariateRefs> {
  const wanted = params.options.covariates;
  const seen = new Set<string>();
  const resolve = async (kind: "past" | "future") => {
    const refs: CovariateRef[] = [];
    for (const [i, metric] of wanted[kind].entries()) {
      const field = `options.covariates.${kind}[${i}]`;
      if (metric === params.metric) throw new TrainingDataError(`${field}: "${metric}" is the metric being forecast, not a covariate`, field);
      if (seen.has(metric)) throw new TrainingDataError(`${field}: "${metric}" is named twice`, field);
      seen.add(metric);
      const s = await findSeries(db, { assetId: params.assetId, metric });
      if (!s) throw new TrainingDataError(`${field}: the asset has no metric "${metric}"`, field);
      refs.push({ metric, seriesId: s.id });
    }
    return refs;
  };
  return { past: await resolve("past"), future: await resolve("future") };
}

/** The covariates' names in the order serving passes them: past ones, then future ones. */
export function covariateNames(refs: CovariateRefs): string[] {
  return [...refs.past, ...refs.future].map((r) => r.metric);
}

/** Attaches the covariates, read over the snapshot's range and aligned with the target's grid, to `series`. */
export async function attachCovariates(db: DbOrTx, series: Series, refs: CovariateRefs, assetId: string): Promise<Series> {
  const sources = [
    ...refs.past.map((r, i) => ({ ...r, field: `options.covariates.past[${i}]` })),
    ...refs.future.map((r, i) => ({ ...r, field: `options.covariates.future[${i}]` })),
  ];
  if (sources.length === 0) return series;
  try {
    const covariates = await alignStoredCovariates(db, { assetId, sources, startMs: series.startMs!, stepMs: series.stepMs!, length: series.values.length });
    return { ...series, covariates };
  } catch (err) {
    if (err instanceof ValidationError) throw new TrainingDataError(err.message, err.field);
    throw err;
  }
}
