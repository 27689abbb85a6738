import type { jobLogs, jobRuns, jobSteps } from "@/db/schema";

export type JobRun = typeof jobRuns.$inferSelect;
export type JobStep = typeof jobSteps.$inferSelect;
export type JobLog = typeof jobLogs.$inferSelect;

export interface SerializedError {
  name: string;
  message: string;
  step?: string;
}

/** Errors become plain JSON for job_runs.error / job_steps.error (never the stack: it can leak paths). */
export function serializeError(err: unknown, step?: string): SerializedError {
  if (err instanceof Error) return { name: err.name, message: err.message, ...(step ? { step } : {}) };
  return { name: "Error", message: String(err), ...(step ? { step } : {}) };
}
