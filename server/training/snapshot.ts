/**
 * The training-data snapshot: which observations a version was trained on (time range, row count and a
 * SHA-256 over the (timestamp, value) pairs). Later steps reload exactly that range and check the hash,
 * so every step of one job sees the same data even though each step reads it afresh.
 */
import { and, asc, desc, eq, gte, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { observations, type TrainingSnapshot } from "@/db/schema";
import { inferStepMs } from "@/ml/series/frequency";
import { toRegularSeries, type ObservationRow } from "@/ml/series/to-regular-series";
import type { Series } from "@/ml/types";
import { SnapshotMismatchError, TrainingDataError } from "./errors";
import { sha256Of } from "./hash";

type Row = ObservationRow;

function hashRows(rows: Row[]): string {
  return sha256Of(rows.map((r) => `${r.ts.getTime()},${r.value}`).join("\n"));
}

/** Snapshots the newest `maxPoints` observations of a series. */
export async function snapshotTrainingData(
  db: DbOrTx,
  params: { seriesId: string; maxPoints: number; toTs?: Date },
): Promise<TrainingSnapshot> {
  const newest = await db
    .select({ ts: observations.ts, value: observations.value })
    .from(observations)
    .where(and(eq(observations.seriesId, params.seriesId), params.toTs ? lte(observations.ts, params.toTs) : undefined))
    .orderBy(desc(observations.ts))
    .limit(params.maxPoints);
  if (newest.length < 3) throw new TrainingDataError(`series has ${newest.length} observations; training needs more`);
  const rows = newest.reverse();
  const stepMs = inferStepMs(rows.map((r) => r.ts.getTime()));
  return {
    seriesId: params.seriesId,
    fromTs: rows[0].ts.toISOString(),
    toTs: rows[rows.length - 1].ts.toISOString(),
    rowCount: rows.length,
    contentHash: hashRows(rows),
    stepMs,
  };
}

/**
 * Reloads a snapshot as a regular Series (ml/series/to-regular-series.ts: gaps imputed seasonally).
 * Throws SnapshotMismatchError if the rows changed.
 */
export async function loadSnapshot(db: DbOrTx, snapshot: TrainingSnapshot, seasonLength: number): Promise<Series> {
  const rows = await db
    .select({ ts: observations.ts, value: observations.value })
    .from(observations)
    .where(
      and(
        eq(observations.seriesId, snapshot.seriesId),
        gte(observations.ts, new Date(snapshot.fromTs)),
        lte(observations.ts, new Date(snapshot.toTs)),
      ),
    )
    .orderBy(asc(observations.ts));
  const hash = hashRows(rows);
  if (hash !== snapshot.contentHash) throw new SnapshotMismatchError(snapshot.contentHash, hash);
  return toRegularSeries(snapshot.seriesId, rows, snapshot.stepMs, seasonLength);
}
