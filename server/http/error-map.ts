/**
 * The one table from typed error class to its answer: HTTP status, problem type and title for REST
 * (problem.ts) and the tRPC code (server/trpc/map-domain-error.ts). Lookup walks the error's prototype
 * chain, so the most specific listed class wins and a subclass never falls through to a 500 because of
 * its name (NoPreviousChampionError did). error-map.test.ts fails when a typed error class in the tree is
 * in neither TABLE nor INTERNAL_ERROR_NAMES.
 */
import type { TRPCError } from "@trpc/server";
import { ArtifactIntegrityError, ArtifactNotFoundError } from "@/server/serving/artifacts/errors";
import { InferenceInputError, SidecarRejectedError, SidecarUnavailableError } from "@/server/serving/inference/errors";
import { InvalidTransitionError, NoPreviousChampionError } from "@/server/registry/errors";
import { SnapshotMismatchError, TrainingDataError } from "@/server/training/errors";
import { InvalidInputError, ModelStateError } from "@/ml/errors";
import { OnnxExportError, OnnxReadError } from "@/ml/onnx/errors";
import {
  AuthError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "./errors";

export type TRPCCode = TRPCError["code"];

export interface ErrorMapping {
  status: number;
  trpc: TRPCCode;
  /** Problem type, `/problems/<code>`. */
  code: string;
  title: string;
  /** The client sees the error's own message, or when this is set, this fixed text instead (internal failures). */
  detail?: string;
}

const m = (status: number, trpc: TRPCCode, code: string, title: string, detail?: string): ErrorMapping => ({ status, trpc, code, title, detail });

export const INTERNAL_MAPPING = m(500, "INTERNAL_SERVER_ERROR", "internal", "Internal Server Error", "internal error");
const INTERNAL = INTERNAL_MAPPING;
const UNPROCESSABLE = (code: string) => m(422, "BAD_REQUEST", code, "Unprocessable Content");

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- constructors with any signature
type ErrorClass = abstract new (...args: any[]) => Error;

export const TABLE: ReadonlyMap<ErrorClass, ErrorMapping> = new Map<ErrorClass, ErrorMapping>([
  [ValidationError, UNPROCESSABLE("validation")],
  [TrainingDataError, UNPROCESSABLE("validation")],
  [InvalidInputError, UNPROCESSABLE("validation")],
  [InferenceInputError, UNPROCESSABLE("validation")],
  [BadRequestError, m(400, "BAD_REQUEST", "bad_request", "Bad Request")],
  [AuthError, m(401, "UNAUTHORIZED", "unauthorized", "Unauthorized")],
  [ForbiddenError, m(403, "FORBIDDEN", "forbidden", "Forbidden")],
  [NotFoundError, m(404, "NOT_FOUND", "not_found", "Not Found")],
  [ConflictError, m(409, "CONFLICT", "conflict", "Conflict")],
  [InvalidTransitionError, m(409, "CONFLICT", "invalid_transition", "Conflict")],
  [NoPreviousChampionError, m(409, "CONFLICT", "no_previous_champion", "Conflict")],
  // The data changed under a running job: retrying (a new snapshot) resolves it.
  [SnapshotMismatchError, m(409, "CONFLICT", "conflict", "Conflict")],
  [PayloadTooLargeError, m(413, "PAYLOAD_TOO_LARGE", "payload_too_large", "Content Too Large")],
  [UnsupportedMediaTypeError, m(415, "UNSUPPORTED_MEDIA_TYPE", "unsupported_media_type", "Unsupported Media Type")],
  // The sidecar refused what the in-process path would also refuse; its detail names the problem.
  [SidecarRejectedError, m(502, "BAD_GATEWAY", "sidecar_rejected", "Bad Gateway")],
  [SidecarUnavailableError, m(503, "SERVICE_UNAVAILABLE", "unavailable", "Service Unavailable", "the inference service is unavailable; retry later")],
  // Server-side state the caller cannot fix: an opaque 500, logged.
  [ArtifactNotFoundError, INTERNAL],
  [ArtifactIntegrityError, INTERNAL],
  [ModelStateError, INTERNAL],
  [OnnxExportError, INTERNAL],
  [OnnxReadError, INTERNAL],
]);

/**
 * Typed errors that never describe the caller's input and are not imported here (their modules are heavy,
 * run in another process, or sit in a layer above server/): they answer the opaque 500 like any unknown
 * error. Listed by name so the completeness test can tell "decided" from "forgotten".
 */
export const INTERNAL_ERROR_NAMES: readonly string[] = [
  "AppError", // abstract base of the classes above
  "AuthSecretError", // server/auth/secret.ts: session secret misconfigured
  "PasswordHashFormatError", // server/auth/password.ts: a stored hash is corrupt
  "EnvError", // server/env.ts: thrown at start-up, before any request
  "NotAdmittedError", // server/predict: work stopped for a rate-limited request; the route answers the limiter's 429
  "TrainingWorkerCrashedError", // server/training/worker: the worker thread died
  "ExportParityError", // server/training/export-model.ts: exported ONNX disagrees with the model
  "StateParityError", // server/training/auto-training.ts: a stored local-model state disagrees with auto's pick (a job, not a request)
  "StepFailedError", // inngest/embedded: a job step failed (job runner, not a request)
  "CronSyntaxError", // inngest/embedded: a job definition's schedule (start-up)
  "HttpProblem", // sidecar/: the sidecar's own problem responses (another process)
  "SidecarConfigError", // sidecar/: the sidecar's start-up configuration
  "NonFiniteStartError", // ml/models/ets: a fit's start point; caught inside the fit
  "ArimaFitError", // ml/models/arima: a candidate ARIMA fit failed; caught by the order search
  "OptimError", // ml/models/arima: the optimiser could not proceed; caught by the fit
  "ModelNotEstimable", // ml/models/ets: a model form cannot be estimated on this series; the search skips it
  "HoltWintersFailure", // ml/models/ets: the short-series Holt-Winters fallback failed; caught by the fit (R's try())
  "ProviderHttpError", // server/ingest/feeds/connector-http.ts: a provider (OpenAQ, Open-Meteo…) failed a scheduled pull; recorded on the ingest run (a job, not a request)
  "QWeatherCodeError", // server/ingest/feeds/qweather: QWeather answered an error code during a pull (a job, not a request)
];

/**
 * Subclasses whose parent's entry is the right answer for them (the lookup walks the prototype chain);
 * listed by name so their modules need not be imported here. The test checks each one's parent is in TABLE.
 */
export const INHERITS_PARENT_NAMES: readonly string[] = [
  "UnsafeUrlError", // ValidationError, field data_url (422)
  "DownloadTimeoutError", // BadRequestError, field data_url (400)
  "DegenerateDmTestError", // InvalidInputError (ml/stats/diebold-mariano.ts): a loss differential with no variance (422)
  "IncompatibleVersionError", // ValidationError (server/deployment/check-compatibility.ts): a promotion refused, field versionId (422)
];

/** Postgres refuses NUL in text (22P05/22021); a value that got that far is bad input, not a crash. */
const PG_BAD_TEXT = new Set(["22P05", "22021"]);

function pgCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && PG_BAD_TEXT.has(code)) return code;
  }
  return undefined;
}

const BAD_TEXT = m(400, "BAD_REQUEST", "bad_request", "Bad Request", "a text value contains a character the database cannot store (NUL or invalid UTF-8)");

/** What the client may read about `error`. */
export function publicMessage(error: Error, mapping: ErrorMapping): string {
  return mapping.detail ?? error.message;
}

/** The mapping for a thrown value, or null for anything unknown (an opaque, logged 500). */
export function mappingFor(error: unknown): ErrorMapping | null {
  if (!(error instanceof Error)) return null;
  for (let proto = Object.getPrototypeOf(error); proto && proto !== Error.prototype; proto = Object.getPrototypeOf(proto)) {
    const hit = TABLE.get(proto.constructor as ErrorClass);
    if (hit) return hit;
  }
  if (pgCode(error)) return BAD_TEXT;
  return null;
}

/** Where an error points in the input: `field`, `row`, `column` (InferenceInputError calls its field `feature`). */
export function errorLocation(error: unknown): { field?: string; row?: number; column?: string } {
  if (!(error instanceof Error)) return {};
  const e = error as Error & { field?: unknown; row?: unknown; column?: unknown; feature?: unknown };
  const field = typeof e.field === "string" ? e.field : typeof e.feature === "string" ? e.feature : undefined;
  return {
    field,
    row: typeof e.row === "number" ? e.row : undefined,
    column: typeof e.column === "string" ? e.column : undefined,
  };
}
