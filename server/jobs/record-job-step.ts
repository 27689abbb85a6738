/** Records a step's start and end (job_steps, one row per run and step id). */
import type { DbOrTx } from "@/db/client";
import { jobSteps } from "@/db/schema";
import type { SerializedError } from "./types";

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
