/** GET /api/v1/models/{modelId}/versions?cursor=&limit= — a model's versions, newest first. Scope `read`. */
import { z } from "zod";
import { authenticate } from "@/server/http/authenticate";
import { NotFoundError } from "@/server/http/errors";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { parseQuery } from "@/server/http/query-params";
import { pageQuery, pageVersions } from "@/server/registry/rest-pages";

export const GET = handleRoute(async (request: Request, ctx: { params: Promise<{ modelId: string }> }) => {
  const { modelId } = await ctx.params;
  const db = await routeDb();
  const key = await authenticate(db, request, "read");
  const q = parseQuery(request, pageQuery.omit({ asset: true }));
  if (!z.uuid().safeParse(modelId).success) throw new NotFoundError("model", modelId);
  const page = await pageVersions(db, { modelId, assetIds: key.assetIds, cursor: q.cursor, limit: q.limit });
  if (!page) throw new NotFoundError("model", modelId);
  return json(page);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
