/**
 * A training worker thread (started through ml/threads/tsx-worker-boot.mjs, see run-in-worker.ts): runs the one task in workerData, posts its
 * callbacks (loss points, finished trials) home as they happen, then its result or its error, and ends.
 */
import { parentPort, workerData } from "node:worker_threads";
import { serializeWorkerError } from "./errors";
import type { TrainingTaskRequest, TrainingWorkerMessage } from "./protocol";
import { trainingTasks } from "./tasks";

const port = parentPort;
if (!port) throw new Error("server/training/worker/entry.ts runs only as a worker thread (see run-in-worker.ts)");
const post = (m: TrainingWorkerMessage) => port.postMessage(m);

async function main(req: TrainingTaskRequest) {
  const fn = trainingTasks[req.task] as ((...args: unknown[]) => unknown) | undefined;
  if (typeof fn !== "function") throw new Error(`unknown training task "${req.task}"`);
  const args = [...req.args];
  if (req.callbacks.length) {
    const last = { ...(args[args.length - 1] as Record<string, unknown>) };
    for (const name of req.callbacks) last[name] = (...a: unknown[]) => post({ type: "callback", name, args: a });
    args[args.length - 1] = last;
  }
  return fn(...args);
}

try {
  post({ type: "result", value: await main(workerData as TrainingTaskRequest) });
} catch (err) {
  post({ type: "error", error: serializeWorkerError(err) });
}
