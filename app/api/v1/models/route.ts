/** GET /api/v1/models?asset=&cursor=&limit= — trained models with their champion. Scope `read`. */
import { requireAssetAccess } from "@/server/api-keys/verify-api-key";
import { getAsset } from "@/server/assets";
import { authenticate } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { parseQuery } from "@/server/http/query-params";
import { pageModels, pageQuery } from "@/server/registry/rest-pages";

export const GET = handleRoute(async (request: Request) => {
  const db = await routeDb();
  const key = await authenticate(db, request, "read");
  const q = parseQuery(request, pageQuery);
  let assetId: string | undefined;
  if (q.asset) {
    const asset = await getAsset(db, { idOrSlug: q.asset });
    requireAssetAccess(key, asset.id, q.asset);
    assetId = asset.id;
  }
  return json(await pageModels(db, { assetId, assetIds: key.assetIds, cursor: q.cursor, limit: q.limit }));
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
