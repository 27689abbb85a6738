import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobRuns } from "@/db/schema";
import type { SerializedError } from "./types";

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
