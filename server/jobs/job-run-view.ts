/**
 * The job-run view (./schemas.ts, jobRunViewSchema): one run as every reader shows it — tRPC `jobs.get`, the
 * job page's event stream, the REST status route (derived from it) and the jobs list (its summary part).
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, jobRuns } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import { logTail } from "./list-job-logs";
import { listSteps } from "./list-job-steps";
import type { JobRunSummary, JobRunView } from "./schemas";
import type { JobLog, JobRun, JobStep } from "./types";

/** The metric a run's payload names (training runs), else null. */
function metricOf(payload: Record<string, unknown>): string | null {
  return typeof payload.metric === "string" ? payload.metric : null;
}

export function toJobRunSummary(run: JobRun, assetSlug: string | null): JobRunSummary {
  return {
    id: run.id,
    jobId: run.jobId,
    status: run.status,
    stage: run.stage,
    percent: run.percent,
    trigger: run.trigger,
    mode: run.mode,
    assetId: run.assetId,
    assetSlug,
    metric: metricOf(run.payload),
    error: run.error ?? null,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
  };
}

/** A run row, its steps and its log tail as the public view. */
export function toJobRunView(run: JobRun, related: { assetSlug: string | null; steps: JobStep[]; log: JobLog[] }): JobRunView {
  return {
    ...toJobRunSummary(run, related.assetSlug),
    payload: run.payload,
    result: run.result ?? null,
    lossCurve: run.lossCurve,
    attempts: run.attempts,
    steps: related.steps.map((s) => ({
      stepId: s.stepId,
      status: s.status,
      attempt: s.attempt,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      error: s.error ?? null,
    })),
    log: related.log.map((l) => ({ id: l.id, at: l.at, level: l.level, message: l.message })),
  };
}

/** A run with its asset's slug (null when it has no asset, or the asset was deleted). */
export async function getJobRunWithAsset(db: DbOrTx, params: { runId: string }): Promise<{ run: JobRun; assetSlug: string | null }> {
  const [row] = await db
    .select({ run: jobRuns, assetSlug: assets.slug })
    .from(jobRuns)
    .leftJoin(assets, eq(assets.id, jobRuns.assetId))
    .where(eq(jobRuns.id, params.runId));
  if (!row) throw new NotFoundError("job run", params.runId);
  return row;
}

/** Loads and builds the view of one run; `logLines` newest log lines (default 100). */
export async function getJobRunView(db: DbOrTx, params: { runId: string; logLines?: number }): Promise<JobRunView> {
  const { run, assetSlug } = await getJobRunWithAsset(db, params);
  const [steps, log] = await Promise.all([listSteps(db, params), logTail(db, { runId: params.runId, limit: params.logLines ?? 100 })]);
  return toJobRunView(run, { assetSlug, steps, log });
}
