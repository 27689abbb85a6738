/**
 * Errors across the worker boundary. Structured clone keeps only an Error's message and stack (and the
 * built-in classes), so the worker sends name, message, stack and own properties, and the main thread
 * rebuilds an instance of the same class: `instanceof TrainingDataError`, `isPermanentError` (no retries for
 * bad data) and the exact message behave as if the stage had thrown in-process.
 */
import { InvalidInputError, ModelStateError } from "@/ml/errors";
import { OnnxExportError } from "@/ml/onnx/errors";
import { BadRequestError, NotFoundError, ValidationError } from "@/server/http/errors";
import { SnapshotMismatchError, TrainingDataError } from "../errors";

export interface SerializedWorkerError {
  name: string;
  message: string;
  stack?: string;
  /** Own enumerable properties (field, row, status…), where structured clone can copy them. */
  props: Record<string, unknown>;
}

/** The classes code running in a training worker can throw, by `name`. Unknown names revive as Error. */
const KNOWN: Record<string, new (...args: never[]) => Error> = {
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

function cloneable(v: unknown): boolean {
  try {
    structuredClone(v);
    return true;
  } catch {
    return false;
  }
}

export function serializeWorkerError(err: unknown): SerializedWorkerError {
  if (!(err instanceof Error)) return { name: "Error", message: String(err), props: {} };
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) if (typeof v !== "function" && cloneable(v)) props[k] = v;
  return { name: err.name, message: err.message, stack: err.stack, props };
}

export function reviveWorkerError(e: SerializedWorkerError): Error {
  const ctor = KNOWN[e.name] ?? Error;
  // Construct a native Error with the class's prototype without running its constructor: constructors
  // rewrite messages (InvalidInputError appends the row), and the message must stay exactly the thrown one.
  const err = Reflect.construct(Error, [e.message], ctor) as Error;
  Object.assign(err, e.props);
  if (err.name !== e.name) err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}
