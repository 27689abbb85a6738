/**
 * GET /api/v1/assets/{assetId}/forecast?metric= — the latest precomputed forecast of the asset's champion
 * model (cache, then the forecasts table; nothing is fitted or inferred on this path). Scope `read` or `predict`.
 */
import { requireAssetAccess, requireScope, verifyApiKey } from "@/server/api-keys/verify-api-key";
import { getAsset } from "@/server/assets";
import { getCache } from "@/server/cache";
import { getAssetForecast } from "@/server/forecasts";
import type { AssetForecastResponse } from "@/server/forecasts/schemas";
import { bearerToken } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";

export const GET = handleRoute(async (request: Request, ctx: { params: Promise<{ assetId: string }> }) => {
  const { assetId } = await ctx.params;
  const db = await routeDb();
  const key = await verifyApiKey(db, { key: bearerToken(request) });
  if (!key.scopes.includes("predict")) requireScope(key, "read");
  const asset = await getAsset(db, { idOrSlug: assetId });
  requireAssetAccess(key, asset.id, assetId);
  const metric = new URL(request.url).searchParams.get("metric") ?? undefined;
  const forecast = await getAssetForecast({ db, cache: await getCache() }, { assetId: asset.id, metric });
  const body: AssetForecastResponse = { asset: { id: asset.id, slug: asset.slug }, ...forecast };
  return json(body);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
