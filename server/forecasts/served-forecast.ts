import type { forecasts, ForecastPoint } from "@/db/schema";
import type { Model, ModelVersion } from "@/server/registry";

/** The forecast as the API and the asset page receive it (and as it is cached). */
export interface ServedForecast {
  modelId: string;
  assetId: string;
  metric: string;
  horizon: number;
  frequency: string;
  version: { id: string; number: number; algorithm: string };
  originTs: string;
  createdAt: string;
  levels: number[];
  points: ForecastPoint[];
}

/**
 * A served forecast as it is read: `stale` when an observation newer than its origin has arrived since it was
 * made (the refresh after that ingest has not run yet), never presented as current; computed at read time.
 */
export interface ServedForecastView extends ServedForecast {
  stale: boolean;
  /** Newest stored observation of the model's series (null: none). */
  latestObservationTs: string | null;
}

export function toServedForecast(model: Model, version: ModelVersion, row: typeof forecasts.$inferSelect): ServedForecast {
  return {
    modelId: model.id,
    assetId: model.assetId,
    metric: model.metric,
    horizon: row.horizon,
    frequency: model.frequency,
    version: { id: version.id, number: version.version, algorithm: version.algorithm },
    originTs: row.originTs.toISOString(),
    createdAt: row.createdAt.toISOString(),
    levels: row.levels,
    points: row.points,
  };
}
