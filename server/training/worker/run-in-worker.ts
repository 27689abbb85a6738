/**
 * Runs a training task (tasks.ts) in its own worker thread, so seconds of synchronous GBDT fitting never
 * block the event loop of the process that also serves the web app, the REST API and /api/inngest. One
 * worker per task, ended when the task ends: the promise settles only once the thread has exited.
 *
 * Callbacks (function-valued properties of the last argument, e.g. `onLoss`, `onTrial`) are called here, on
 * the main thread, as the worker reports them, so progress reaches the database while the task runs. Errors
 * come back as the same classes with the same messages (errors.ts); a worker that dies (uncaught error, out
 * of memory) rejects with TrainingWorkerCrashedError, which is retryable, so the step fails and retries.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type ResourceLimits } from "node:worker_threads";
import { reviveWorkerError, TrainingWorkerCrashedError } from "./errors";
import type { TrainingTaskRequest, TrainingWorkerMessage } from "./protocol";
import type { TrainingTaskName, TrainingTasks } from "./tasks";

/**
 * The file the worker thread starts from (the shared boot file, ml/threads/tsx-worker-boot.mjs) and the
 * TypeScript entry it loads (entry.ts), resolved from the project root rather than from this module's URL:
 * Next bundles this file into .next/, from where no relative path leads back to the sources the worker runs.
 */
export function trainingWorkerEntry(root = process.cwd()): { boot: string; entry: string } {
  const boot = path.join(/* turbopackIgnore: true */ root, "ml", "threads", "tsx-worker-boot.mjs");
  const entry = path.join(/* turbopackIgnore: true */ root, "server", "training", "worker", "entry.ts");
  for (const file of [boot, entry]) {
    if (!existsSync(file)) {
      throw new Error(`training worker entry not found at ${file}: run the app from the project root (the folder with package.json)`);
    }
  }
  return { boot, entry: pathToFileURL(entry).href };
}

let live = 0;

/** Training worker threads currently alive in this process (tests check none outlive their task). */
export function liveTrainingWorkers(): number {
  return live;
}

export interface RunInWorkerOptions {
  /** Heap limits for the worker (a worker over them dies with ERR_WORKER_OUT_OF_MEMORY; the task fails). */
  resourceLimits?: ResourceLimits;
}

type Callback = (...args: unknown[]) => unknown;

/** Splits the function-valued properties off the last argument (functions cannot cross threads). */
function takeCallbacks(args: unknown[]): { sent: unknown[]; callbacks: Map<string, Callback> } {
  const callbacks = new Map<string, Callback>();
  const last = args[args.length - 1];
  if (!last || typeof last !== "object" || Array.isArray(last) || ArrayBuffer.isView(last)) return { sent: args, callbacks };
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(last)) {
    if (typeof v === "function") callbacks.set(k, v as Callback);
    else rest[k] = v;
  }
  return { sent: [...args.slice(0, -1), rest], callbacks };
}

export function runInWorker<K extends TrainingTaskName>(
  task: K,
  args: Parameters<TrainingTasks[K]>,
  options: RunInWorkerOptions = {},
): Promise<Awaited<ReturnType<TrainingTasks[K]>>> {
  return new Promise((resolve, reject) => {
    const { sent, callbacks } = takeCallbacks(args);
    const request: TrainingTaskRequest = { task, args: sent, callbacks: [...callbacks.keys()] };
    let worker: Worker;
    try {
      // The magic comments here and in trainingWorkerEntry stop Next's bundler from following this path into
      // the boot file (and from there into tsx and esbuild, which break the build): the thread loads the
      // sources itself. execArgv []: the worker gets exactly the boot file's loader, whatever flags started
      // this process. workerData.entry tells the boot file what to load; entry.ts reads the request.
      const { boot, entry } = trainingWorkerEntry();
      worker = new Worker(/* webpackIgnore: true */ boot, { workerData: { ...request, entry }, execArgv: [], resourceLimits: options.resourceLimits });
    } catch (err) {
      reject(err);
      return;
    }
    live++;
    let outcome: { ok: true; value: unknown } | { ok: false; error: unknown } | null = null;
    const finish = (o: NonNullable<typeof outcome>) => {
      if (outcome) return;
      outcome = o;
      void worker.terminate();
    };
    worker.on("message", (m: TrainingWorkerMessage) => {
      if (outcome) return;
      if (m.type === "callback") {
        try {
          const returned = callbacks.get(m.name)?.(...m.args);
          // An async callback that rejects fails the task like one that throws (and is never left unhandled).
          if (returned instanceof Promise) returned.catch((err: unknown) => finish({ ok: false, error: err }));
        } catch (err) {
          finish({ ok: false, error: err });
        }
      } else if (m.type === "result") {
        finish({ ok: true, value: m.value });
      } else {
        finish({ ok: false, error: reviveWorkerError(m.error) });
      }
    });
    worker.on("messageerror", (err) => finish({ ok: false, error: new TrainingWorkerCrashedError(`training worker (${task}) sent a message that could not be read: ${err.message}`, { cause: err }) }));
    worker.on("error", (err) => finish({ ok: false, error: new TrainingWorkerCrashedError(`training worker (${task}) crashed: ${err.message}`, { cause: err }) }));
    worker.on("exit", (code) => {
      live--;
      const o = outcome ?? { ok: false as const, error: new TrainingWorkerCrashedError(`training worker (${task}) exited with code ${code} before finishing`) };
      if (o.ok) resolve(o.value as Awaited<ReturnType<TrainingTasks[K]>>);
      else reject(o.error);
    });
  });
}
