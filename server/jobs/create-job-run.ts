/** Records a queued job run (one job_runs row), or returns the existing run for the same dedupe key. */
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { currentRequestId } from "@/server/observability/request-context";
import type { JobRun } from "./types";

export interface CreateRunParams {
  jobId: string;
  payload: Record<string, unknown>;
  mode: "embedded" | "inngest";
  trigger: string;
  dedupeKey?: string;
  externalRunId?: string;
  createdBy?: string | null;
  assetId?: string | null;
  /** Default: the current request's X-Request-Id (AsyncLocalStorage), so the run can be traced to it. */
  requestId?: string | null;
}

/** Inserts a queued run; with a dedupeKey an existing run for (job, key) is returned instead (`created: false`). */
export async function createRun(db: DbOrTx, params: CreateRunParams): Promise<{ run: JobRun; created: boolean }> {
  const [row] = await db
    .insert(jobRuns)
    .values({ ...params, requestId: params.requestId ?? currentRequestId() ?? null, status: "queued" })
    .onConflictDoNothing()
    .returning();
  if (row) return { run: row, created: true };
  const [existing] = await db
    .select()
    .from(jobRuns)
    .where(
      params.externalRunId
        ? eq(jobRuns.externalRunId, params.externalRunId)
        : and(eq(jobRuns.jobId, params.jobId), eq(jobRuns.dedupeKey, params.dedupeKey ?? "")),
    );
  if (!existing) throw new Error(`job run for ${params.jobId} conflicted but could not be read back`);
  return { run: existing, created: false };
}
