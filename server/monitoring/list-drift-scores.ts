/** Stored drift scores (db/schema/monitoring.ts): a model's or version's history for the charts, and the newest of each for the alert rules. */
import { and, asc, desc, eq, gte, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { driftScores } from "@/db/schema";

export type DriftScore = typeof driftScores.$inferSelect;

export interface ListDriftScoresParams {
  modelId?: string;
  versionId?: string;
  days?: number;
  now?: Date;
  /** Most rows returned (oldest first, newest kept). */
  limit?: number;
}

export async function listDriftScores(db: DbOrTx, params: ListDriftScoresParams): Promise<DriftScore[]> {
  const since = new Date((params.now ?? new Date()).getTime() - (params.days ?? 30) * 86_400_000);
  const rows = await db
    .select()
    .from(driftScores)
    .where(
      and(
        params.modelId ? eq(driftScores.modelId, params.modelId) : undefined,
        params.versionId ? eq(driftScores.modelVersionId, params.versionId) : undefined,
        gte(driftScores.computedAt, since),
      ),
    )
    .orderBy(desc(driftScores.computedAt), asc(driftScores.id))
    .limit(params.limit ?? 5_000);
  return rows.reverse();
}

/** The newest score of every (champion version, subject, statistic): what the alert rules and the monitoring table read. */
export async function latestDriftScores(db: DbOrTx, params: { versionIds: string[]; kinds?: DriftScore["kind"][] }): Promise<DriftScore[]> {
  if (params.versionIds.length === 0) return [];
  return db
    .selectDistinctOn([driftScores.modelVersionId, driftScores.subject, driftScores.statistic])
    .from(driftScores)
    .where(and(inArray(driftScores.modelVersionId, params.versionIds), params.kinds ? inArray(driftScores.kind, params.kinds) : undefined))
    .orderBy(driftScores.modelVersionId, driftScores.subject, driftScores.statistic, desc(driftScores.computedAt), sql`${driftScores.id} desc`);
}
