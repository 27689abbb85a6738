/**
 * Precomputes the champion's forecast of a model from the newest observations and stores it (forecasts
 * table + cache). Called by the refresh-forecasts job after new data or a promotion.
 */
import type { Db } from "@/db/client";
import { historyNeeded } from "@/ml/features/spec";
import { NotFoundError } from "@/server/http/errors";
import type { Cache } from "@/server/cache";
import { setJson } from "@/server/cache";
import type { InferenceClient } from "@/server/serving/inference";
import { findChampion, getModel, servingDataOf } from "@/server/registry";
import { toRegularSeries } from "@/ml/series/to-regular-series";
import { alignStoredCovariates } from "@/server/covariates/align-stored-covariates";
import { FORECAST_CACHE_TTL_SECONDS, forecastCacheKey } from "./cache-keys";
import { predictWithArtifact } from "@/server/serving/predict-with-artifact";
import { readNewestObservations } from "./read-newest-observations";
import { toServedForecast, type ServedForecast } from "./served-forecast";
import { insertForecast } from "./stored-forecasts";

export async function refreshForecast(
  deps: { db: Db; cache: Cache; inference: InferenceClient },
  params: { modelId: string },
): Promise<ServedForecast | null> {
  const model = await getModel(deps.db, params);
  const champion = await findChampion(deps.db, params);
  if (!champion) return null;
  if (!champion.artifactSha256) throw new NotFoundError("artifact of model version", champion.id);
  const { featureSpec: spec, calibration } = servingDataOf(champion);
  const stepMs = champion.trainingSnapshot?.stepMs;
  if (!stepMs) throw new NotFoundError("training snapshot of model version", champion.id);
  // Enough history for every feature plus slack for gaps at the end.
  const need = historyNeeded(spec) + 2 * Math.max(...model.seasonLengths, 1);
  const newest = await readNewestObservations(deps.db, { seriesId: model.seriesId, limit: need });
  if (newest.length === 0) return null;
  const series = toRegularSeries(model.seriesId, newest, stepMs, model.seasonLengths[0]);
  // A model with future covariates needs their future values, which only a predict request can bring
  // (`future_covariates`): there is no forecast to precompute. Past covariates come from the asset's stored series.
  if (spec.futureCovariates.length) return null;
  if (spec.pastCovariates.length) {
    series.covariates = await alignStoredCovariates(deps.db, {
      assetId: model.assetId,
      sources: spec.pastCovariates.map((metric) => ({ metric, field: `covariates.${metric}` })),
      startMs: series.startMs!,
      stepMs,
      length: series.values.length,
    });
  }
  const f = await predictWithArtifact(deps.inference, {
    sha256: champion.artifactSha256,
    spec,
    calibration,
    series,
    horizon: model.horizon,
  });
  const row = await insertForecast(deps.db, {
    modelId: model.id,
    modelVersionId: champion.id,
    originTs: f.originTs,
    stepMs: f.stepMs,
    horizon: f.points.length,
    levels: f.levels,
    points: f.points,
  });
  const served = toServedForecast(model, champion, row);
  await setJson(deps.cache, forecastCacheKey(model.id), served, FORECAST_CACHE_TTL_SECONDS);
  return served;
}
