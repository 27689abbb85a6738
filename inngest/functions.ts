/** The Inngest functions served at /api/inngest: one per job definition, built by the shared adapter. */
import { inngest } from "./client";
import { allJobs } from "./jobs";
import { getJobRuntime } from "./runtime";
import { toInngestFunction } from "./to-inngest-function";

export const functions = allJobs.map((def) =>
  toInngestFunction(inngest, def, async () => {
    const runtime = await getJobRuntime();
    return runtime.deps;
  }),
);
