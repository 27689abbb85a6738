import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { methodNotAllowed } from "@/server/http/handle-route";
import { errorToResponse } from "@/server/http/problem";
import { assertSameOrigin } from "@/server/http/same-origin";
import { createTRPCContext } from "@/server/trpc/init";
import { appRouter } from "@/server/trpc/root";

function handler(req: Request) {
  // Mutations come as POST (queries are GET; the router allows no method override): a cookie-authenticated
  // write must come from the app's own pages, not a cross-site form or fetch (CSRF).
  if (req.method !== "GET") {
    try {
      assertSameOrigin(req);
    } catch (error) {
      return errorToResponse(error, new URL(req.url).pathname);
    }
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: createTRPCContext,
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path ?? "?"}:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
export const { PUT, PATCH, DELETE } = methodNotAllowed("GET", "POST");
