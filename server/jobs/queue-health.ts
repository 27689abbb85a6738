import { and, eq, min, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobRuns } from "@/db/schema";

/** Queued job runs and how long the oldest has waited (a runner that stopped picking up work shows here). */
export async function jobQueueHealth(db: DbOrTx): Promise<{ queued: number; oldestQueuedAgeS: number | null }> {
  const [row] = await db
    .select({ queued: sql<number>`count(*)::int`, oldest: min(jobRuns.createdAt) })
    .from(jobRuns)
    .where(and(eq(jobRuns.status, "queued")));
  const oldest = row?.oldest ? new Date(row.oldest) : null;
  return { queued: Number(row?.queued ?? 0), oldestQueuedAgeS: oldest ? Math.round((Date.now() - oldest.getTime()) / 1000) : null };
}
