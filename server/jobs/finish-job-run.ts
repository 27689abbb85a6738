import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { metrics } from "@/server/observability/metrics";
import type { SerializedError } from "./types";

/**
 * Ends a run and releases its lease. With `leaseOwner` (the embedded runner) the run is finished only while that
 * owner still holds it, so an instance presumed dead, whose run another instance resumed, cannot overwrite the
 * outcome; returns whether the row was updated. Both runners (Inngest and embedded) end runs here, so this is
 * where `almanac_job_duration_seconds` is observed (from the run's start, or its creation if it never started).
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
    .returning({ id: jobRuns.id, jobId: jobRuns.jobId, startedAt: jobRuns.startedAt, createdAt: jobRuns.createdAt, finishedAt: jobRuns.finishedAt });
  for (const r of rows) {
    const from = (r.startedAt ?? r.createdAt).getTime();
    const seconds = Math.max(0, ((r.finishedAt ?? new Date()).getTime() - from) / 1000);
    metrics().jobDuration.observe({ job: r.jobId, outcome: params.status }, seconds);
  }
  return rows.length > 0;
}
