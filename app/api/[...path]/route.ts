/**
 * Every /api/* path no route claims: a problem+json 404 for every method, instead of Next's HTML 404 page.
 * Specific routes (and the more specific catch-all /api/auth/[...nextauth]) take precedence over this one.
 */
import { NotFoundError } from "@/server/http/errors";
import { handleRoute } from "@/server/http/handle-route";

export const dynamic = "force-dynamic";

const notFound = handleRoute(async (request: Request) => {
  throw new NotFoundError("API route", new URL(request.url).pathname);
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as HEAD, notFound as OPTIONS };
