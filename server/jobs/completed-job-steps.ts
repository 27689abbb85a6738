import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobSteps } from "@/db/schema";

/** Memoised outputs of the completed steps of a run, by step id (for resuming after a restart). */
export async function completedSteps(db: DbOrTx, params: { runId: string }): Promise<Map<string, unknown>> {
  const rows = await db
    .select({ stepId: jobSteps.stepId, output: jobSteps.output })
    .from(jobSteps)
    .where(and(eq(jobSteps.runId, params.runId), eq(jobSteps.status, "completed")));
  return new Map(rows.map((r) => [r.stepId, r.output]));
}
