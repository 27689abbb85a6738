import { Worker } from "node:worker_threads";
import type { CandidateJob, CandidateJobResult } from "./candidate-job-types";

/**
 * Runs candidate jobs on `workers` worker threads (one job per thread at a time, longest jobs should
 * come first). Each thread loads the models by registry name, so no closures cross threads. Results
 * come back in job order regardless of completion order, so the outcome is deterministic.
 */
export async function runJobsInWorkers(jobs: CandidateJob[], workers: number): Promise<CandidateJobResult[]> {
  const boot = new URL("../threads/tsx-worker-boot.mjs", import.meta.url);
  const entry = new URL("./candidate-worker.ts", import.meta.url).href;
  const results: CandidateJobResult[] = new Array(jobs.length);
  let next = 0;
  const threads = Array.from({ length: Math.min(workers, jobs.length) }, () => new Worker(boot, { workerData: { entry } }));
  try {
    await Promise.all(
      threads.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const take = () => {
              if (next >= jobs.length) return resolve();
              const k = next++;
              w.once("message", (m: { ok: true; result: CandidateJobResult } | { ok: false; error: string }) => {
                if (!m.ok) return reject(new Error(`candidate ${jobs[k].model} failed in worker: ${m.error}`));
                results[k] = m.result;
                take();
              });
              w.postMessage(jobs[k]);
            };
            w.once("error", reject);
            take();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return results;
}
