/**
 * Errors across a worker-thread boundary. Structured clone keeps only an Error's message and stack (and the
 * built-in classes), so the worker sends name, message, stack and own properties, and the receiving thread
 * rebuilds an instance of the same class from a registry of the classes the worker's code can throw:
 * `instanceof`, the exact message and fields (row, feature, status…) behave as if it had thrown in-thread.
 */

export interface SerializedWorkerError {
  name: string;
  message: string;
  stack?: string;
  /** Own enumerable properties (field, row, status…), where structured clone can copy them. */
  props: Record<string, unknown>;
}

/** Error classes by `name`; a name not in it revives as a plain Error carrying that name. */
export type ErrorClasses = Record<string, new (...args: never[]) => Error>;

function cloneable(v: unknown): boolean {
  try {
    structuredClone(v);
    return true;
  } catch {
    // Not cloneable is the answer here: the caller leaves that property out (name, message and stack still go).
    return false;
  }
}

export function serializeWorkerError(err: unknown): SerializedWorkerError {
  if (!(err instanceof Error)) return { name: "Error", message: String(err), props: {} };
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) if (typeof v !== "function" && cloneable(v)) props[k] = v;
  return { name: err.name, message: err.message, stack: err.stack, props };
}

export function reviveWorkerError(e: SerializedWorkerError, known: ErrorClasses): Error {
  const ctor = known[e.name] ?? Error;
  // Construct a native Error with the class's prototype without running its constructor: constructors
  // rewrite messages (InvalidInputError appends the row), and the message must stay exactly the thrown one.
  const err = Reflect.construct(Error, [e.message], ctor) as Error;
  Object.assign(err, e.props);
  if (err.name !== e.name) err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}
