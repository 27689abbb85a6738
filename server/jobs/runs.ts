/**
 * Writes to job_runs / job_steps / job_logs. Used by both executors (the embedded runner and the Inngest
 * adapter) so the jobs pages read one table whoever ran the job.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobLogs, jobRuns, jobSteps, type LossPoint } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import type { JobLog, JobRun, JobStep, SerializedError } from "./types";

export interface CreateRunParams {
  jobId: string;
  payload: Record<string, unknown>;
  mode: "embedded" | "inngest";
  trigger: string;
  dedupeKey?: string;
  externalRunId?: string;
  createdBy?: string | null;
  assetId?: string | null;
}

/** Inserts a queued run; with a dedupeKey an existing run for (job, key) is returned instead (`created: false`). */
export async function createRun(db: DbOrTx, params: CreateRunParams): Promise<{ run: JobRun; created: boolean }> {
  const [row] = await db
    .insert(jobRuns)
    .values({ ...params, status: "queued" })
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

export async function getRun(db: DbOrTx, params: { runId: string }): Promise<JobRun> {
  const [row] = await db.select().from(jobRuns).where(eq(jobRuns.id, params.runId));
  if (!row) throw new NotFoundError("job run", params.runId);
  return row;
}

export async function findRun(db: DbOrTx, params: { runId: string }): Promise<JobRun | undefined> {
  const [row] = await db.select().from(jobRuns).where(eq(jobRuns.id, params.runId));
  return row;
}

/** Marks a run running without the queue claim (the Inngest executor owns scheduling there). */
export async function markRunning(db: DbOrTx, params: { runId: string }): Promise<void> {
  await db
    .update(jobRuns)
    .set({ status: "running", startedAt: sql`coalesce(${jobRuns.startedAt}, now())`, updatedAt: new Date() })
    .where(and(eq(jobRuns.id, params.runId), inArray(jobRuns.status, ["queued", "running"])));
}

/**
 * Ends a run and releases its lease. With `leaseOwner` (the embedded runner) the run is finished only while that
 * owner still holds it, so an instance presumed dead, whose run another instance resumed, cannot overwrite the
 * outcome; returns whether the row was updated.
 */
export async function finishRun(
  db: DbOrTx,
  params: {
    runId: string;
    status: "succeeded" | "failed" | "cancelled";
    result?: unknown;
    error?: SerializedError;
    leaseOwner?: string;
  },
): Promise<boolean> {
  const rows = await db
    .update(jobRuns)
    .set({
      status: params.status,
      result: params.result ?? null,
      error: params.error ?? null,
      ...(params.status === "succeeded" ? { percent: 100, stage: "done" } : {}),
      leaseOwner: null,
      leaseExpiresAt: null,
      finishedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(jobRuns.id, params.runId),
        params.leaseOwner === undefined ? undefined : and(eq(jobRuns.leaseOwner, params.leaseOwner), eq(jobRuns.status, "running")),
      ),
    )
    .returning({ id: jobRuns.id });
  return rows.length > 0;
}

export interface ProgressUpdate {
  stage?: string;
  /** 0–100; clamped. */
  percent?: number;
  /** Appended to the run's loss curve. */
  loss?: LossPoint[];
}

export async function updateProgress(db: DbOrTx, runId: string, update: ProgressUpdate): Promise<void> {
  const set: Record<string, unknown> = { updatedAt: new Date() };
  if (update.stage !== undefined) set.stage = update.stage;
  if (update.percent !== undefined) set.percent = Math.max(0, Math.min(100, update.percent));
  if (update.loss?.length) set.lossCurve = sql`${jobRuns.lossCurve} || ${JSON.stringify(update.loss)}::jsonb`;
  await db.update(jobRuns).set(set).where(eq(jobRuns.id, runId));
}

export async function appendLog(
  db: DbOrTx,
  params: { runId: string; message: string; level?: "debug" | "info" | "warn" | "error"; stepId?: string },
): Promise<void> {
  await db.insert(jobLogs).values({
    runId: params.runId,
    message: params.message.slice(0, 4000),
    level: params.level ?? "info",
    stepId: params.stepId,
  });
}

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

export async function listSteps(db: DbOrTx, params: { runId: string }): Promise<JobStep[]> {
  return db.select().from(jobSteps).where(eq(jobSteps.runId, params.runId)).orderBy(asc(jobSteps.startedAt));
}

/** Memoised outputs of the completed steps of a run, by step id (for resuming after a restart). */
export async function completedSteps(db: DbOrTx, params: { runId: string }): Promise<Map<string, unknown>> {
  const rows = await db
    .select({ stepId: jobSteps.stepId, output: jobSteps.output })
    .from(jobSteps)
    .where(and(eq(jobSteps.runId, params.runId), eq(jobSteps.status, "completed")));
  return new Map(rows.map((r) => [r.stepId, r.output]));
}

export async function recordStepStart(db: DbOrTx, params: { runId: string; stepId: string; attempt: number }) {
  await db
    .insert(jobSteps)
    .values({ ...params, status: "running" })
    .onConflictDoUpdate({
      target: [jobSteps.runId, jobSteps.stepId],
      set: { status: "running", attempt: params.attempt, error: null, startedAt: new Date(), finishedAt: null },
    });
}

export async function recordStepEnd(
  db: DbOrTx,
  params: { runId: string; stepId: string; attempt: number; output?: unknown; error?: SerializedError },
) {
  const status = params.error ? "failed" : "completed";
  await db
    .insert(jobSteps)
    .values({
      runId: params.runId,
      stepId: params.stepId,
      attempt: params.attempt,
      status,
      output: params.output ?? null,
      error: params.error ?? null,
      finishedAt: new Date(),
    })
    .onConflictDoUpdate({
      target: [jobSteps.runId, jobSteps.stepId],
      set: { status, attempt: params.attempt, output: params.output ?? null, error: params.error ?? null, finishedAt: new Date() },
    });
}

export interface ListRunsParams {
  jobId?: string;
  assetId?: string;
  status?: JobRun["status"][];
  limit?: number;
}

export async function listRuns(db: DbOrTx, params: ListRunsParams = {}): Promise<JobRun[]> {
  return db
    .select()
    .from(jobRuns)
    .where(
      and(
        params.jobId ? eq(jobRuns.jobId, params.jobId) : undefined,
        params.assetId ? eq(jobRuns.assetId, params.assetId) : undefined,
        params.status?.length ? inArray(jobRuns.status, params.status) : undefined,
      ),
    )
    .orderBy(desc(jobRuns.createdAt))
    .limit(params.limit ?? 50);
}
