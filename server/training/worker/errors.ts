/**
 * Errors across the training worker boundary (transfer in ml/threads/worker-errors.ts): the main thread
 * rebuilds an instance of the same class, so `instanceof TrainingDataError`, `isPermanentError` (no retries
 * for bad data) and the exact message behave as if the stage had thrown in-process.
 */
import { reviveWorkerError as revive, type ErrorClasses, type SerializedWorkerError } from "@/ml/threads/worker-errors";
import { InvalidInputError, ModelStateError } from "@/ml/errors";
import { OnnxExportError } from "@/ml/onnx/errors";
import { BadRequestError, NotFoundError, ValidationError } from "@/server/http/errors";
import { SnapshotMismatchError, TrainingDataError } from "../errors";

export { serializeWorkerError, type SerializedWorkerError } from "@/ml/threads/worker-errors";

/** The classes code running in a training worker can throw, by `name`. Unknown names revive as Error. */
const KNOWN: ErrorClasses = {
  TrainingDataError,
  SnapshotMismatchError,
  ValidationError,
  BadRequestError,
  NotFoundError,
  InvalidInputError,
  ModelStateError,
  OnnxExportError,
  TypeError,
  RangeError,
};

/** A training worker died (uncaught error, out of memory, terminated) before it finished its task. */
export class TrainingWorkerCrashedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TrainingWorkerCrashedError";
  }
}

export function reviveWorkerError(e: SerializedWorkerError): Error {
  return revive(e, KNOWN);
}
