/** GET /api/v1/assets/{assetId}/series?cursor=&limit= — the asset's series with point counts and first/last timestamps, by metric. Scope `read`. */
import { pageAssetSeries } from "@/server/assets/page-asset-series";
import { assetSeriesQuery, type AssetSeriesPage } from "@/server/assets/rest-schemas";
import { authenticateForAsset } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { parseQuery } from "@/server/http/query-params";

export const GET = handleRoute(async (request: Request, ctx: { params: Promise<{ assetId: string }> }) => {
  const { assetId } = await ctx.params;
  const db = await routeDb();
  const { asset } = await authenticateForAsset(db, request, "read", assetId);
  const q = parseQuery(request, assetSeriesQuery);
  const body: AssetSeriesPage = await pageAssetSeries(db, { asset, cursor: q.cursor, limit: q.limit });
  return json(body);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
