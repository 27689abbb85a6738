/**
 * RFC 9457 problem details (application/problem+json): the one `Problem` type for the whole system. The
 * app's REST answers (server/http/problem.ts) and the sidecar's (sidecar/problem.ts) write it; the app's
 * sidecar client (inference/sidecar-engine.ts) reads it. The problem type URIs live here too: the app's
 * are relative `/problems/<code>` (codes from server/http/error-map.ts), the sidecar's the URNs of
 * SIDECAR_PROBLEM_TYPES.
 */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export interface Problem {
  /** A URI reference naming the kind of problem: `/problems/<code>` (app) or one of SIDECAR_PROBLEM_TYPES. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Extension members: where the problem is (`field`, `row`, `column`), limits, reasons. */
  [extension: string]: unknown;
}

/** The app's problem type for an error-map code: relative, resolved against the API's origin. */
export function appProblemType(code: string): string {
  return `/problems/${code}`;
}

/** The sidecar's problem types. */
export const SIDECAR_PROBLEM_TYPES = {
  invalidRequest: "urn:almanac:problem:invalid-request",
  invalidRows: "urn:almanac:problem:invalid-rows",
  modelNotLoaded: "urn:almanac:problem:model-not-loaded",
  artifactNotFound: "urn:almanac:problem:artifact-not-found",
  artifactRefused: "urn:almanac:problem:artifact-refused",
  unauthorized: "urn:almanac:problem:unauthorized",
  notFound: "urn:almanac:problem:not-found",
  methodNotAllowed: "urn:almanac:problem:method-not-allowed",
  payloadTooLarge: "urn:almanac:problem:payload-too-large",
  overloaded: "urn:almanac:problem:overloaded",
  internal: "urn:almanac:problem:internal",
} as const;
