/**
 * Fresh forecasts after new data: an ingest that wrote readings queues a refresh of every champion model of
 * those series, at most one per model per debounce window (the job's dedupe key is the window), so a burst
 * of pushes becomes one refresh. Until it has run, reads mark the forecast `stale` (get-forecast.ts).
 * Fail-soft: the readings are committed; a refresh that cannot be queued is logged and the hourly run catches up.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models, modelVersions } from "@/db/schema";
import { jobRuntime } from "@/server/jobs/dispatch";
import { logger } from "@/server/observability/logger";

export const REFRESH_DEBOUNCE_MS = 60_000;

export async function refreshAfterIngest(db: DbOrTx, params: { seriesIds: string[]; now?: Date }): Promise<string[]> {
  if (params.seriesIds.length === 0) return [];
  try {
    const rows = await db
      .selectDistinct({ id: models.id })
      .from(models)
      .innerJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.state, "champion")))
      .where(inArray(models.seriesId, params.seriesIds));
    if (rows.length === 0) return [];
    const { dispatch } = await jobRuntime();
    const window = Math.floor((params.now ?? new Date()).getTime() / REFRESH_DEBOUNCE_MS);
    const runs: string[] = [];
    for (const { id } of rows) {
      const r = await dispatch("refresh-forecasts", { modelId: id }, { dedupeKey: `new-data:${id}:${window}`, trigger: "event" });
      if (r.created) runs.push(r.runId);
    }
    return runs;
  } catch (err) {
    logger().warn({ err: (err as Error).message, seriesIds: params.seriesIds }, "could not queue the forecast refresh after an ingest; the hourly refresh will catch up");
    return [];
  }
}
