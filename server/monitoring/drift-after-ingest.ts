/**
 * Fresh drift scores after new data, wired as server/forecasts/refresh-after-ingest.ts is: an ingest that
 * wrote readings queues one compute-drift run for the series it touched, at most one per debounce window (the
 * dispatch dedupe key is the window), so a burst of pushes becomes one run. Fail-soft: the readings are
 * committed; a run that cannot be queued is logged and the hourly run catches up.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models, modelVersions, series } from "@/db/schema";
import { jobRuntime } from "@/server/jobs/dispatch";
import { logger } from "@/server/observability/logger";

export const DRIFT_DEBOUNCE_MS = 10 * 60_000;

export async function driftAfterIngest(db: DbOrTx, params: { seriesIds: string[]; now?: Date }): Promise<string[]> {
  if (params.seriesIds.length === 0) return [];
  try {
    // Any champion on the touched assets: a covariate's new readings move its drift too.
    const rows = await db
      .selectDistinct({ assetId: models.assetId })
      .from(models)
      .innerJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.state, "champion")))
      .innerJoin(series, eq(series.assetId, models.assetId))
      .where(inArray(series.id, params.seriesIds));
    if (rows.length === 0) return [];
    const { dispatch } = await jobRuntime();
    const window = Math.floor((params.now ?? new Date()).getTime() / DRIFT_DEBOUNCE_MS);
    const ids = [...new Set(params.seriesIds)].sort();
    const assets = rows.map((r) => r.assetId).sort();
    const r = await dispatch("compute-drift", { seriesIds: ids }, { dedupeKey: `drift:${assets.join(",")}:${window}`, trigger: "event", assetId: assets.length === 1 ? assets[0] : undefined });
    return r.created ? [r.runId] : [];
  } catch (err) {
    logger().warn({ err: (err as Error).message, seriesIds: params.seriesIds }, "could not queue drift scoring after an ingest; the hourly run will catch up");
    return [];
  }
}
