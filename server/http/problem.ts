/**
 * RFC 9457 problem details (application/problem+json; the Problem type is server/serving/problem.ts).
 * Typed errors map to a status, a stable `type` and title through the one table in error-map.ts, with the
 * location of the problem (`field`, `row`, `column`) as extension members.
 */
import { appProblemType, PROBLEM_CONTENT_TYPE, type Problem } from "@/server/serving/problem";
import { errorLocation, INTERNAL_MAPPING, mappingFor, publicMessage } from "./error-map";
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "./errors";

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": PROBLEM_CONTENT_TYPE, "cache-control": "no-store", ...headers },
  });
}

/** Maps any thrown value to a problem response; unknown and internal errors become an opaque 500 (and are logged). */
export function errorToResponse(error: unknown, instance?: string): Response {
  const mapping = mappingFor(error);
  if (!mapping || mapping.status >= 500) console.error("[api] unhandled error", instance ?? "", error);
  if (!mapping || !(error instanceof Error)) {
    return problemResponse({ type: appProblemType(INTERNAL_MAPPING.code), title: INTERNAL_MAPPING.title, status: 500, detail: INTERNAL_MAPPING.detail, instance });
  }
  const problem: Problem = {
    type: appProblemType(mapping.code),
    title: mapping.title,
    status: mapping.status,
    detail: publicMessage(error, mapping),
    instance,
  };
  const headers: Record<string, string> = {};
  if (mapping.detail === undefined) Object.assign(problem, errorLocation(error));
  if (error instanceof ValidationError && error.issues.length > 1) problem.errors = error.issues;
  if (error instanceof PayloadTooLargeError) problem.limitBytes = error.limitBytes;
  if (error instanceof UnsupportedMediaTypeError) problem.accepted = error.accepted;
  if (mapping.status === 401) headers["www-authenticate"] = 'Bearer realm="almanac"';
  // Drops undefined members.
  return problemResponse(JSON.parse(JSON.stringify(problem)) as Problem, headers);
}
