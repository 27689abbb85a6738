/**
 * Wraps a route handler so that every thrown error becomes an RFC 9457 response. The database comes
 * from `routeDb()` — the app's singleton (server/db.ts); tests swap it with `setRouteDbForTests`.
 */
import type { Db, DbHandle } from "@/db/client";
import { getDb } from "@/server/db";
import { errorToResponse, problemResponse } from "./problem";
import { assertValidParams, assertValidPath, assertValidQuery } from "./request-input";
import { mappingFor } from "./error-map";
import { logger } from "@/server/observability/logger";
import { metrics } from "@/server/observability/metrics";
import { REQUEST_ID_HEADER, requestIdFrom, withRequestId } from "@/server/observability/request-context";
import { routeLabel } from "@/server/observability/route-label";

/** Sets X-Request-Id on the answer (responses from fetch or Response.json may have immutable headers). */
function withRequestIdHeader(response: Response, requestId: string): Response {
  try {
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set(REQUEST_ID_HEADER, requestId);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

export function routeDb(): Promise<Db> {
  return getDb();
}

/** Points the route handlers (and anything else using server/db.ts) at a test database. */
export function setRouteDbForTests(handle: DbHandle): void {
  (globalThis as unknown as { almanacDb?: Promise<DbHandle> }).almanacDb = Promise.resolve(handle);
}

/**
 * Keeps the handler's own signature (Next checks `(request, { params: Promise<...> })`). Before the
 * handler runs, the path, its params and the query values are checked for control characters and broken
 * percent-escapes (request-input.ts), so no handler has to remember to.
 */
export function handleRoute<Args extends [Request, ...unknown[]]>(
  handler: (...args: Args) => Promise<Response>,
): (...args: Args) => Promise<Response> {
  return async (...args) => {
    const request = args[0];
    const url = new URL(request.url);
    const requestId = requestIdFrom(request.headers);
    const startedMs = performance.now();
    // The request id (the caller's X-Request-Id, or a new one) is on every log line of this request, and answered.
    const response = await withRequestId(requestId, async () => {
      try {
        assertValidPath(url.pathname);
        assertValidQuery(url.search);
        const params = await (args[1] as { params?: Promise<Record<string, string | string[]>> } | undefined)?.params;
        if (params) assertValidParams(params);
        return await handler(...args);
      } catch (error) {
        if (!mappingFor(error) || mappingFor(error)!.status >= 500) logger().error({ err: error, path: url.pathname }, "request failed");
        return errorToResponse(error, url.pathname);
      }
    });
    const seconds = (performance.now() - startedMs) / 1000;
    const route = routeLabel(url.pathname);
    metrics().httpDuration.observe({ route, method: request.method, status: String(response.status) }, seconds);
    logger().debug({ method: request.method, route, status: response.status, ms: Math.round(seconds * 1000) }, "request");
    return withRequestIdHeader(response, requestId);
  };
}

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}

/**
 * A handler for the methods a route does not serve: a problem+json 405 with `Allow`, where Next would
 * answer an empty 405. Export it under each such name (`export const { PUT, DELETE } = ...`).
 */
export function methodNotAllowed(...allowed: string[]): Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", (request: Request) => Promise<Response>> {
  const allow = [...allowed, ...(allowed.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const handler = async (request: Request) =>
    problemResponse(
      {
        type: "/problems/method_not_allowed",
        title: "Method Not Allowed",
        status: 405,
        detail: `${request.method} is not allowed here; use ${allowed.join(" or ")}`,
        instance: new URL(request.url).pathname,
      },
      { allow },
    );
  return { GET: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}
