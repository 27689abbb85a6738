import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobLogs } from "@/db/schema";
import type { JobLog } from "./types";

/** The newest `limit` log lines, returned oldest first. */
export async function logTail(db: DbOrTx, params: { runId: string; limit?: number }): Promise<JobLog[]> {
  const rows = await db
    .select()
    .from(jobLogs)
    .where(eq(jobLogs.runId, params.runId))
    .orderBy(desc(jobLogs.id))
    .limit(params.limit ?? 50);
  return rows.reverse();
}
