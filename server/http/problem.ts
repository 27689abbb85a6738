/**
 * RFC 9457 problem details (application/problem+json). Typed errors from the domain map to a status,
 * a stable `type`, and the location of the problem (`field`, `row`, `column`) as extension members.
 */
import { AppError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "./errors";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export interface Problem {
  /** A URI reference naming the kind of problem; relative, resolved against the API's origin. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  500: "Internal Server Error",
};

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...headers },
  });
}

/** Maps any thrown value to a problem response; unknown errors become an opaque 500 (and are logged). */
export function errorToResponse(error: unknown, instance?: string): Response {
  if (error instanceof AppError) {
    const problem: Problem = {
      type: `/problems/${error.code}`,
      title: TITLES[error.status] ?? error.name,
      status: error.status,
      detail: error.message,
      instance,
    };
    const headers: Record<string, string> = {};
    if (error instanceof ValidationError) {
      Object.assign(problem, { field: error.field, row: error.row, column: error.column });
      if (error.issues.length > 1) problem.errors = error.issues;
    }
    if (error instanceof PayloadTooLargeError) problem.limitBytes = error.limitBytes;
    if (error instanceof UnsupportedMediaTypeError) problem.accepted = error.accepted;
    if (error.status === 401) headers["www-authenticate"] = 'Bearer realm="almanac"';
    if ("field" in error && problem.field === undefined && error.field !== undefined) problem.field = error.field;
    return problemResponse(JSON.parse(JSON.stringify(problem)) as Problem, headers);
  }
  console.error("[api] unhandled error", instance ?? "", error);
  return problemResponse({ type: "/problems/internal", title: TITLES[500], status: 500, detail: "internal error", instance });
}
