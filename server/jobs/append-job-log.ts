/** Appends one line to a run's log (job_logs). */
import type { DbOrTx } from "@/db/client";
import { jobLogs } from "@/db/schema";

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
