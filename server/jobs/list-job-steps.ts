/** The steps of a run, in the order they started. */
import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobSteps } from "@/db/schema";
import type { JobStep } from "./types";

export async function listSteps(db: DbOrTx, params: { runId: string }): Promise<JobStep[]> {
  return db.select().from(jobSteps).where(eq(jobSteps.runId, params.runId)).orderBy(asc(jobSteps.startedAt));
}
