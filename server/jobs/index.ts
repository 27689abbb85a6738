/** Job runs, steps and logs (job_runs / job_steps / job_logs): one (db, params) function per file. */
export * from "./types";
export * from "./create-job-run";
export * from "./get-job-run";
export * from "./find-job-run-by-external-id";
export * from "./mark-job-run-running";
export * from "./finish-job-run";
export * from "./update-job-progress";
export * from "./append-job-log";
export * from "./list-job-logs";
export * from "./list-job-steps";
export * from "./completed-job-steps";
export * from "./record-job-step";
export * from "./list-job-runs";
export * from "./list-job-run-summaries";
export * from "./job-run-view";
