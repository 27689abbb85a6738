/**
 * The serving read: the latest forecast of a model's current champion. Cache first; on a miss the newest
 * stored forecast of the champion (a rollback therefore serves the restored champion's forecast at once),
 * then written back to the cache. Never fits or runs a model on the request path.
 */
import type { Db } from "@/db/client";
import { getJson, setJson, type Cache } from "@/server/cache";
import { NotFoundError } from "@/server/http/errors";
import { findChampion, getModel, listAssetModels } from "@/server/registry";
import { FORECAST_CACHE_TTL_SECONDS, forecastCacheKey } from "./cache-keys";
import { latestStoredForecast } from "./stored-forecasts";
import { latestObservationOfModel } from "./latest-observation-of-model";
import { toServedForecast, type ServedForecast, type ServedForecastView } from "./served-forecast";

export async function getModelForecast(deps: { db: Db; cache: Cache }, params: { modelId: string }): Promise<ServedForecast | null> {
  const key = forecastCacheKey(params.modelId);
  const cached = await getJson<ServedForecast>(deps.cache, key);
  if (cached) return cached;
  const champion = await findChampion(deps.db, params);
  if (!champion) return null;
  const row = await latestStoredForecast(deps.db, { versionId: champion.id });
  if (!row) return null;
  const served = toServedForecast(await getModel(deps.db, params), champion, row);
  await setJson(deps.cache, key, served, FORECAST_CACHE_TTL_SECONDS);
  return served;
}

/** Adds read-time freshness: whether an observation newer than the forecast's origin has arrived. */
async function withFreshness(db: Db, f: ServedForecast): Promise<ServedForecastView> {
  const latest = await latestObservationOfModel(db, { modelId: f.modelId });
  return { ...f, stale: latest !== null && latest.getTime() > Date.parse(f.originTs), latestObservationTs: latest?.toISOString() ?? null };
}

/** Forecast of an asset's metric (the model with the shortest horizon when several exist), with its freshness. */
export async function getAssetForecast(
  deps: { db: Db; cache: Cache },
  params: { assetId: string; metric?: string },
): Promise<ServedForecastView> {
  const candidates = await listAssetModels(deps.db, params);
  for (const m of candidates) {
    const f = await getModelForecast(deps, { modelId: m.id });
    if (f) return withFreshness(deps.db, f);
  }
  throw new NotFoundError("forecast for asset", params.metric ? `${params.assetId}/${params.metric}` : params.assetId);
}

/** Drops a model's cached forecast (after promote / rollback, so the next read follows the new champion). */
export async function invalidateModelForecast(cache: Cache, modelId: string): Promise<void> {
  await cache.del(forecastCacheKey(modelId));
}
