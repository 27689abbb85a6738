import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobRuns } from "@/db/schema";

/** Marks a run running without the queue claim (the Inngest executor owns scheduling there). */
export async function markRunning(db: DbOrTx, params: { runId: string }): Promise<void> {
  await db
    .update(jobRuns)
    .set({ status: "running", startedAt: sql`coalesce(${jobRuns.startedAt}, now())`, updatedAt: new Date() })
    .where(and(eq(jobRuns.id, params.runId), inArray(jobRuns.status, ["queued", "running"])));
}
