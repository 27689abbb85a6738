/**
 * Checks readings just stored for a series (ingestion) against the history before them and records what it
 * finds in `anomalies` (one row per series and timestamp: re-checking the same readings updates, never
 * duplicates). Returns the anomalies recorded.
 */
import { and, asc, eq, gte, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { anomalies, observations } from "@/db/schema";
import { DEFAULT_ANOMALY_LEVEL, detectAnomalies } from "@/ml/anomaly/detect-anomalies";
import type { Anomaly } from "@/ml/anomaly/types";
import { calendarSeasonLengths, inferStepMs } from "@/ml/series/frequency";
import { readHistoryBefore } from "./read-history-before";

export const HISTORY_POINTS = 4_032;

export interface CheckNewReadingsParams {
  seriesId: string;
  /** The new readings' time range, inclusive. */
  from: Date;
  to: Date;
  levelPct?: number;
}

export interface CheckedReadings {
  checked: number;
  anomalies: (Anomaly & { method: string })[];
}

export async function checkNewReadings(db: DbOrTx, params: CheckNewReadingsParams): Promise<CheckedReadings> {
  const fresh = await db
    .select({ ts: observations.ts, value: observations.value })
    .from(observations)
    .where(and(eq(observations.seriesId, params.seriesId), gte(observations.ts, params.from), lte(observations.ts, params.to)))
    .orderBy(asc(observations.ts));
  if (fresh.length === 0) return { checked: 0, anomalies: [] };
  const history = await readHistoryBefore(db, { seriesId: params.seriesId, before: fresh[0].ts, limit: HISTORY_POINTS });
  // Too little to tell normal from odd: a new series is not judged until it has some history.
  if (history.length < 48) return { checked: fresh.length, anomalies: [] };
  const historyTs = history.map((o) => o.ts.getTime());
  const stepMs = inferStepMs(historyTs);
  const result = detectAnomalies({
    history: { timestamps: historyTs, values: history.map((o) => o.value) },
    stream: { timestamps: fresh.map((o) => o.ts.getTime()), values: fresh.map((o) => o.value) },
    stepMs,
    seasons: calendarSeasonLengths(stepMs),
    levelPct: params.levelPct ?? DEFAULT_ANOMALY_LEVEL,
  });
  const found = result.anomalies.map((a) => ({ ...a, method: result.method }));
  if (found.length > 0) {
    const num = (v: number) => (Number.isFinite(v) ? v : null);
    await db
      .insert(anomalies)
      .values(
        found.map((a) => ({
          seriesId: params.seriesId,
          ts: new Date(a.timestamp),
          kind: a.kind,
          value: num(a.value),
          expected: num(a.expected),
          lower: num(a.lower),
          upper: num(a.upper),
          score: a.score,
          length: a.length,
          reason: a.reason,
          method: a.method,
        })),
      )
      .onConflictDoUpdate({
        target: [anomalies.seriesId, anomalies.ts],
        set: {
          kind: sql`excluded.kind`,
          value: sql`excluded.value`,
          expected: sql`excluded.expected`,
          lower: sql`excluded.lower`,
          upper: sql`excluded.upper`,
          score: sql`excluded.score`,
          length: sql`excluded.length`,
          reason: sql`excluded.reason`,
          method: sql`excluded.method`,
        },
      });
  }
  return { checked: fresh.length, anomalies: found };
}
