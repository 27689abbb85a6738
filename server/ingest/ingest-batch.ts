/** In-memory batches (REST pushes, programmatic callers) into the shared ingest run. */
import type { Db } from "@/db/client";
import { recordFailedRun, runIngest, type IngestResult } from "./run-ingest";
import { seriesBatchSchema, type SeriesBatch } from "./schemas";
import { parsePushBody, type ParsePushBodyParams } from "./parse-push-body";
import { toValidationError } from "../http/zod-issues";
import { z } from "zod";
import { checkIngested } from "@/server/anomalies/check-ingested";
import { refreshAfterIngest } from "@/server/forecasts/refresh-after-ingest";
import { driftAfterIngest } from "@/server/monitoring/drift-after-ingest";
import { metrics } from "@/server/observability/metrics";

export interface IngestBatchParams {
  assetId: string;
  source: string;
  series: SeriesBatch[];
  cursor?: string | null;
}

const batchesSchema = z.array(seriesBatchSchema);

/** Validates and writes normalized batches in one transaction; a validation failure stores nothing. */
export async function ingestBatch(db: Db, params: IngestBatchParams): Promise<IngestResult> {
  const parsed = batchesSchema.safeParse(params.series);
  const run = { source: params.source, assetId: params.assetId, cursor: params.cursor, replayable: true };
  if (!parsed.success) {
    const error = toValidationError(parsed.error, ["series"]);
    await recordFailedRun(db, run, 0, error);
    throw error;
  }
  const points = parsed.data.reduce((s, b) => s + b.points.length, 0);
  const result = await runIngest(db, run, async (sink) => {
    sink.countRows(points);
    await sink.write(parsed.data);
  });
  metrics().ingestedPoints.inc({ source: params.source }, result.rowsAccepted);
  // Pushed readings are checked for anomalies as they arrive (after the commit; never failing the ingest).
  if (result.rowsInserted + result.rowsUpdated > 0) {
    const idOf = new Map(result.series.map((s) => [s.metric, s.seriesId]));
    const written = parsed.data.flatMap((b) => {
      const seriesId = idOf.get(b.metric);
      if (!seriesId || b.points.length === 0) return [];
      let fromMs = Infinity;
      let toMs = -Infinity;
      for (const p of b.points) [fromMs, toMs] = [Math.min(fromMs, p.tsMs), Math.max(toMs, p.tsMs)];
      return [{ seriesId, fromMs, toMs }];
    });
    await checkIngested(db, written);
    // New data makes the precomputed forecasts stale: queue their refresh and a drift scoring (both debounced,
    // fail-soft); the runs queued are reported together.
    const seriesIds = written.map((w) => w.seriesId);
    const refreshes = [...(await refreshAfterIngest(db, { seriesIds })), ...(await driftAfterIngest(db, { seriesIds }))];
    if (refreshes.length) return { ...result, forecastRefreshes: refreshes };
  }
  return result;
}

export interface IngestPushParams extends ParsePushBodyParams {
  assetId: string;
  source?: string;
}

/** A REST push body in any accepted shape (see parse-push-body.ts). */
export async function ingestPush(db: Db, params: IngestPushParams): Promise<IngestResult> {
  const source = params.source ?? "rest";
  let series: SeriesBatch[];
  try {
    series = parsePushBody(params);
  } catch (error) {
    await recordFailedRun(db, { source, assetId: params.assetId }, Array.isArray(params.body) ? params.body.length : 0, error);
    throw error;
  }
  return ingestBatch(db, { assetId: params.assetId, source, series });
}
