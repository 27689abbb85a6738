import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { methodNotAllowed } from "@/server/http/handle-route";
import { errorToResponse } from "@/server/http/problem";
import { assertSameOrigin } from "@/server/http/same-origin";
import { createTRPCContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";
// The job runtime behind server/jobs' dispatch port (its module provides it on import).
import "@/inngest/runtime";

/**
 * tRPC's fetch adapter sets no content type on an error raised before any procedure runs (a body that is not
 * JSON, a batch mixing queries and mutations, an unknown batch shape), so the runtime labels its JSON body
 * text/plain; label it as what it is.
 */
function asJson(res: Response): Response {
  if (!(res.headers.get("content-type") ?? "").startsWith("text/plain")) return res;
  const headers = new Headers(res.headers);
  headers.set("content-type", "application/json");
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}

async function handler(req: Request) {
  // Mutations come as POST (queries are GET; the router allows no method override): a cookie-authenticated
  // write must come from the app's own pages, not a cross-site form or fetch (CSRF).
  if (req.method !== "GET") {
    try {
      assertSameOrigin(req);
    } catch (error) {
      return errorToResponse(error, new URL(req.url).pathname);
    }
  }
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: createTRPCContext,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}:`, error.cause ?? error);
    },
  });
  return asJson(res);
}

export { handler as GET, handler as POST };
export const { PUT, PATCH, DELETE } = methodNotAllowed("GET", "POST");
