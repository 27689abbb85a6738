/** GET /api/v1/forecasts?asset=&metric=&cursor=&limit= — stored forecasts with their model version and origin, newest first. Scope `read`. */
import { requireAssetAccess } from "@/server/api-keys/verify-api-key";
import { getAsset } from "@/server/assets";
import { pageStoredForecasts } from "@/server/forecasts/page-stored-forecasts";
import { storedForecastsQuery, type StoredForecastPage } from "@/server/forecasts/schemas";
import { authenticate } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { parseQuery } from "@/server/http/query-params";

export const GET = handleRoute(async (request: Request) => {
  const db = await routeDb();
  const key = await authenticate(db, request, "read");
  const q = parseQuery(request, storedForecastsQuery);
  let assetId: string | undefined;
  if (q.asset) {
    const asset = await getAsset(db, { idOrSlug: q.asset });
    requireAssetAccess(key, asset.id, q.asset);
    assetId = asset.id;
  }
  const body: StoredForecastPage = await pageStoredForecasts(db, { assetId, metric: q.metric, cursor: q.cursor, limit: q.limit, assetIds: key.assetIds });
  return json(body);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
