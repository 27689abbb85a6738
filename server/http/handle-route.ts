/**
 * Wraps a route handler so that every thrown error becomes an RFC 9457 response. The database comes
 * from `routeDb()` — the app's singleton (server/db.ts); tests swap it with `setRouteDbForTests`.
 */
import type { Db, DbHandle } from "@/db/client";
import { getDb } from "@/server/db";
import { errorToResponse } from "./problem";

export function routeDb(): Promise<Db> {
  return getDb();
}

/** Points the route handlers (and anything else using server/db.ts) at a test database. */
export function setRouteDbForTests(handle: DbHandle): void {
  (globalThis as unknown as { almanacDb?: Promise<DbHandle> }).almanacDb = Promise.resolve(handle);
}

export function handleRoute<Ctx>(
  handler: (request: Request, ctx: Ctx) => Promise<Response>,
): (request: Request, ctx: Ctx) => Promise<Response> {
  return async (request, ctx) => {
    try {
      return await handler(request, ctx);
    } catch (error) {
      return errorToResponse(error, new URL(request.url).pathname);
    }
  };
}

export function json(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "cache-control": "no-store" } });
}
