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
import { attachStoredCovariates } from "@/server/covariates/align-stored-covariates";
import { FORECAST_CACHE_TTL_SECONDS, forecastCacheKey } from "./cache-keys";
import { predictWithArtifact } from "@/server/serving/predict-with-artifact";
import { predictWithState, servesFromState } from "@/server/serving/predict-with-state";
import type { ArtifactStore } from "@/server/serving/artifacts";
import { calibrationSchema } from "@/db/schema/json-columns";
import { isTickerForecastVersion } from "@/server/markets/ticker-forecast-version";

/** Most observations read for a state forecast (the training default is 20,000). */
const MAX_STATE_HISTORY = 200_000;
import { readNewestObservations } from "./read-newest-observations";
import { toServedForecast, type ServedForecast } from "./served-forecast";
import { insertForecast } from "./stored-forecasts";
import { adaptIntervals, applyAdaptation } from "./adapt-intervals";

export async function refreshForecast(
  deps: { db: Db; cache: Cache; inference: InferenceClient; artifacts: ArtifactStore },
  params: { modelId: string },
): Promise<ServedForecast | null> {
  const model = await getModel(deps.db, params);
  const champion = await findChampion(deps.db, params);
  if (!champion) return null;
  // A ticker forecast (no artifact) is refitted and stored by the forecast-tickers job, not here.
  if (isTickerForecastVersion(champion)) return null;
  if (!champion.artifactSha256) throw new NotFoundError("artifact of model version", champion.id);
  const f = servesFromState(champion) ? await stateForecast(deps, model, champion) : await onnxForecast(deps, model, champion);
  if (!f) return null;
  // The actuals that arrived for the last served forecast move the interval factor; this forecast uses it.
  const adaptation = await adaptIntervals(deps.db, { versionId: champion.id, seriesId: model.seriesId, levels: f.levels });
  f.points = applyAdaptation(f.points, adaptation);
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

type ModelRow = Awaited<ReturnType<typeof getModel>>;
type VersionRow = NonNullable<Awaited<ReturnType<typeof findChampion>>>;

/** A local model's state (auto's pick): filtered forward from the end of training over the history it was fitted on. */
async function stateForecast(deps: { db: Db; artifacts: ArtifactStore }, model: ModelRow, champion: VersionRow) {
  const snapshot = champion.trainingSnapshot;
  if (!snapshot?.stepMs) throw new NotFoundError("training snapshot of model version", champion.id);
  // Refit kinds (Theta, MSTL…) fit on as many newest points as the snapshot had; ETS and ARIMA filter those after
  // the end of training (more new points than the snapshot held: the oldest of them are coasted over as missing).
  const limit = Math.min(snapshot.rowCount + 2 * Math.max(...model.seasonLengths, 1), MAX_STATE_HISTORY);
  const newest = await readNewestObservations(deps.db, { seriesId: model.seriesId, limit });
  if (newest.length === 0) return null;
  const series = toRegularSeries(model.seriesId, newest, snapshot.stepMs, model.seasonLengths[0]);
  return predictWithState(deps.artifacts, { sha256: champion.artifactSha256!, calibration: calibrationSchema.parse(champion.calibration), series, horizon: model.horizon });
}

async function onnxForecast(deps: { db: Db; inference: InferenceClient }, model: ModelRow, champion: VersionRow) {
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
  await attachStoredCovariates(deps.db, { assetId: model.assetId, metrics: spec.pastCovariates, series, stepMs });
  return predictWithArtifact(deps.inference, {
    sha256: champion.artifactSha256!,
    spec,
    calibration,
    series,
    horizon: model.horizon,
  });
}
