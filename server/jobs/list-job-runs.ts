/** Recent job runs, newest first, optionally filtered by job, asset and status. */
import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobRuns } from "@/db/schema";
import type { JobRun } from "./types";

export interface ListRunsParams {
  jobId?: string;
  assetId?: string;
  status?: JobRun["status"][];
  limit?: number;
}

/** The WHERE clause of a runs listing. */
export function jobRunFilter(params: ListRunsParams): SQL | undefined {
  return and(
    params.jobId ? eq(jobRuns.jobId, params.jobId) : undefined,
    params.assetId ? eq(jobRuns.assetId, params.assetId) : undefined,
    params.status?.length ? inArray(jobRuns.status, params.status) : undefined,
  );
}

export async function listRuns(db: DbOrTx, params: ListRunsParams = {}): Promise<JobRun[]> {
  return db
    .select()
    .from(jobRuns)
    .where(jobRunFilter(params))
    .orderBy(desc(jobRuns.createdAt))
    .limit(params.limit ?? 50);
}
