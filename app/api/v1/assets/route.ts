/** GET /api/v1/assets?kind=&q=&cursor=&limit= — assets the key may see, by slug, a page at a time. Scope `read`. */
import { pageAssets, pageAssetsQuery } from "@/server/assets/page-assets";
import { authenticate } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { parseQuery } from "@/server/http/query-params";

export const GET = handleRoute(async (request: Request) => {
  const db = await routeDb();
  const key = await authenticate(db, request, "read");
  const query = parseQuery(request, pageAssetsQuery);
  return json(await pageAssets(db, { ...query, ids: key.assetIds ?? undefined }));
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
