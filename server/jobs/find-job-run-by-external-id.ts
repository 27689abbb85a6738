/** The job run an executor's own run id (Inngest's run_id) belongs to, if any. */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobRuns } from "@/db/schema";
import type { JobRun } from "./types";

export async function findRunByExternalId(db: DbOrTx, params: { externalRunId: string }): Promise<JobRun | undefined> {
  const [row] = await db.select().from(jobRuns).where(eq(jobRuns.externalRunId, params.externalRunId));
  return row;
}
