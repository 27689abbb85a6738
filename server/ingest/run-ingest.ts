/**
 * An ingest run: everything a source writes goes through one transaction, and the run is recorded in
 * `ingest_runs`. On success the run row is written in the same transaction as the data (both or
 * neither); on failure the data is rolled back and the failed run is recorded in a separate write, so
 * a rejected import leaves exactly one trace: its failed run.
 */
import type { Db, Tx } from "@/db/client";
import { ingestRuns } from "@/db/schema";
import { ensureAsset } from "@/server/assets";
import type { CreateAssetParams } from "@/server/assets/schemas";
import { AppError, ConflictError, ValidationError } from "@/server/http/errors";
import { logger } from "@/server/observability/logger";
import { ensureSeries } from "./ensure-series";
import type { SeriesBatch } from "./schemas";
import { upsertObservations } from "./upsert-observations";

export interface IngestRunParams {
  /** `rest`, `csv`, `seed`, or a connector id. */
  source: string;
  /** The asset written to; null when `createAsset` names the asset instead. */
  assetId: string | null;
  /**
   * An asset to create (or find by its slug) inside the run's transaction, so a run that fails leaves no
   * asset behind; its failed run is then recorded without an asset.
   */
  createAsset?: CreateAssetParams;
  /** Source position to remember (last timestamp, page token). */
  cursor?: string | null;
  /**
   * The producer can be run again from the start (an in-memory batch): deadlocks and serialization
   * failures are then retried. A streamed upload cannot be replayed and fails with ConflictError.
   */
  replayable?: boolean;
}

export interface IngestSink {
  /** Creates missing series and upserts the points. */
  write(batches: SeriesBatch[]): Promise<void>;
  /** Counts input rows read (for the run record when the run fails part-way). */
  countRows(rows: number): void;
}

export interface IngestResult {
  runId: string;
  source: string;
  assetId: string;
  /** Valid points received, after dropping repeats of the same (series, ts) within the run's statements. */
  rowsAccepted: number;
  rowsRejected: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  duplicates: number;
  series: { metric: string; seriesId: string }[];
  /** Job runs queued to refresh the forecasts this data made stale (server/forecasts/refresh-after-ingest.ts). */
  forecastRefreshes?: string[];
}

const RETRYABLE_CODES = new Set(["40P01", "40001"]); // deadlock_detected, serialization_failure
const MAX_ATTEMPTS = 4;

/** The SQLSTATE of a driver error, looking through Drizzle's DrizzleQueryError wrapper. */
export function sqlState(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof ValidationError) {
    return { code: error.code, message: error.message, field: error.field, row: error.row, column: error.column };
  }
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: "internal", message: error instanceof Error ? error.message : String(error), sqlState: sqlState(error) };
}

export async function runIngest(
  db: Db,
  params: IngestRunParams,
  produce: (sink: IngestSink) => Promise<void>,
): Promise<IngestResult> {
  let rowsSeen = 0;
  for (let attempt = 1; ; attempt++) {
    rowsSeen = 0;
    try {
      return await db.transaction(async (tx: Tx) => {
        const assetId = params.createAsset ? (await ensureAsset(tx, params.createAsset)).id : params.assetId;
        if (!assetId) throw new Error("runIngest needs assetId or createAsset");
        const counts = { accepted: 0, inserted: 0, updated: 0, duplicates: 0 };
        const seriesIds = new Map<string, string>();
        const sink: IngestSink = {
          countRows(rows) {
            rowsSeen += rows;
          },
          async write(batches) {
            const nonEmpty = batches.filter((b) => b.points.length > 0);
            if (nonEmpty.length === 0) return;
            const unknown = nonEmpty.filter((b) => !seriesIds.has(b.metric));
            if (unknown.length) {
              const ids = await ensureSeries(tx, { assetId, metrics: unknown, source: params.source });
              for (const [metric, id] of ids) seriesIds.set(metric, id);
            }
            // Batches of the same metric share one series index so duplicates across them are merged;
            // ids are sorted so every writer orders rows (and so row locks) the same way.
            const distinct = [...new Set(nonEmpty.map((b) => seriesIds.get(b.metric)!))].sort();
            const total = nonEmpty.reduce((s, b) => s + b.points.length, 0);
            const seriesIndex = new Int32Array(total);
            const tsMs = new Float64Array(total);
            const values = new Float64Array(total);
            const quality = new Int16Array(total);
            let k = 0;
            for (const b of nonEmpty) {
              const si = distinct.indexOf(seriesIds.get(b.metric)!);
              for (const p of b.points) {
                seriesIndex[k] = si;
                tsMs[k] = p.tsMs;
                values[k] = p.value;
                quality[k] = p.quality ?? 0;
                k++;
              }
            }
            const c = await upsertObservations(tx, { seriesIds: distinct, seriesIndex, tsMs, values, quality });
            counts.accepted += c.rows;
            counts.inserted += c.inserted;
            counts.updated += c.updated;
            counts.duplicates += c.duplicates;
          },
        };
        await produce(sink);
        const [run] = await tx
          .insert(ingestRuns)
          .values({
            source: params.source,
            assetId,
            status: "succeeded",
            cursor: params.cursor ?? null,
            rowsAccepted: counts.accepted,
            rowsRejected: 0,
            rowsInserted: counts.inserted,
            rowsUpdated: counts.updated,
            finishedAt: new Date(),
          })
          .returning({ id: ingestRuns.id });
        return {
          runId: run.id,
          source: params.source,
          assetId,
          rowsAccepted: counts.accepted,
          rowsRejected: 0,
          rowsInserted: counts.inserted,
          rowsUpdated: counts.updated,
          rowsUnchanged: counts.accepted - counts.inserted - counts.updated,
          duplicates: counts.duplicates,
          series: [...seriesIds].map(([metric, seriesId]) => ({ metric, seriesId })),
        };
      });
    } catch (error) {
      const code = sqlState(error);
      const retryable = code !== undefined && RETRYABLE_CODES.has(code);
      if (retryable && params.replayable && attempt < MAX_ATTEMPTS) {
        // Randomized backoff so that the colliding writers do not collide again.
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20 * attempt));
        continue;
      }
      const failure = retryable ? new ConflictError("the write collided with a concurrent write; retry the request") : error;
      await recordFailedRun(db, params, rowsSeen, failure);
      throw failure;
    }
  }
}

export async function recordFailedRun(db: Db, params: IngestRunParams, rowsSeen: number, error: unknown): Promise<void> {
  try {
    await db.insert(ingestRuns).values({
      source: params.source,
      assetId: params.assetId,
      status: "failed",
      cursor: params.cursor ?? null,
      rowsAccepted: 0,
      rowsRejected: rowsSeen,
      error: describeError(error),
      finishedAt: new Date(),
    });
  } catch (recordError) {
    // Recording the failure must not hide the original error (e.g. the database went away): log it instead.
    logger().warn({ err: (recordError as Error).message, source: params.source, assetId: params.assetId }, "could not record a failed ingest run");
  }
}
