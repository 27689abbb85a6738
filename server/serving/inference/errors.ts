/** Rows sent for inference do not fit the model's input signature; names the row and feature. */
export class InferenceInputError extends Error {
  readonly row?: number;
  readonly feature?: string;
  constructor(message: string, where: { row?: number; feature?: string } = {}) {
    const loc = [where.row !== undefined ? `row ${where.row}` : null, where.feature ? `feature "${where.feature}"` : null]
      .filter(Boolean)
      .join(", ");
    super(loc ? `${message} (${loc})` : message);
    this.name = "InferenceInputError";
    this.row = where.row;
    this.feature = where.feature;
  }
}

/** The sidecar could not answer (down, timed out, 5xx); the client falls back in-process on this error. */
export class SidecarUnavailableError extends Error {
  readonly cause?: unknown;
  constructor(message: string, cause?: unknown) {
    super(message);
    this.name = "SidecarUnavailableError";
    this.cause = cause;
  }
}

/** The sidecar answered with a client error (bad rows, unknown artifact): the same request would fail in-process. */
export class SidecarRejectedError extends Error {
  readonly status: number;
  readonly problemType: string;
  constructor(status: number, problemType: string, detail: string) {
    super(`sidecar refused the request (${status} ${problemType}): ${detail}`);
    this.name = "SidecarRejectedError";
    this.status = status;
    this.problemType = problemType;
  }
}
