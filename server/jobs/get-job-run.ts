/** Reads one job run by id. */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import type { JobRun } from "./types";

export async function getRun(db: DbOrTx, params: { runId: string }): Promise<JobRun> {
  const [row] = await db.select().from(jobRuns).where(eq(jobRuns.id, params.runId));
  if (!row) throw new NotFoundError("job run", params.runId);
  return row;
}

export async function findRun(db: DbOrTx, params: { runId: string }): Promise<JobRun | undefined> {
  const [row] = await db.select().from(jobRuns).where(eq(jobRuns.id, params.runId));
  return row;
}
