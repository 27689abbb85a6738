import { parentPort } from "node:worker_threads";
import { runCandidateJob } from "./candidate-job";
import type { CandidateJob } from "./candidate-job-types";

/** Worker thread: runs candidate jobs one at a time and posts back results (or an error message). */
parentPort!.on("message", (job: CandidateJob) => {
  runCandidateJob(job).then(
    (result) => parentPort!.postMessage({ ok: true, result }),
    (e: unknown) => parentPort!.postMessage({ ok: false, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }),
  );
});
