import type { SerializedWorkerError } from "./errors";
import type { TrainingTaskName } from "./tasks";

/** workerData of a training worker: one task, its arguments with the callbacks taken out of the last one. */
export interface TrainingTaskRequest {
  task: TrainingTaskName;
  args: unknown[];
  /** Function-valued properties of the last argument; the worker puts back stubs that post calls home. */
  callbacks: string[];
}

/** Worker → main thread. */
export type TrainingWorkerMessage =
  | { type: "callback"; name: string; args: unknown[] }
  | { type: "result"; value: unknown }
  | { type: "error"; error: SerializedWorkerError };
