/**
 * GET /api/v1/assets/{assetId}/forecast?metric=&explain=&top= — the latest precomputed forecast of the asset's
 * champion model (cache, then the forecasts table; nothing is fitted or inferred on this path). With
 * `explain=true` each step gets its TreeSHAP waterfall (server/explain). Scope `read` or `predict`.
 */
import { getArtifactStore } from "@/inngest/deps";
import { requireAssetAccess, requireScope, verifyApiKey } from "@/server/api-keys/verify-api-key";
import { getAsset } from "@/server/assets";
import { getCache } from "@/server/cache";
import { explainForecast } from "@/server/explain";
import { explainForecastQuery, type ExplainedAssetForecastResponse } from "@/server/explain/schemas";
import { getAssetForecast } from "@/server/forecasts";
import { bearerToken } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { parseQuery } from "@/server/http/query-params";

export const GET = handleRoute(async (request: Request, ctx: { params: Promise<{ assetId: string }> }) => {
  const { assetId } = await ctx.params;
  const db = await routeDb();
  const key = await verifyApiKey(db, { key: bearerToken(request) });
  if (!key.scopes.includes("predict")) requireScope(key, "read");
  const asset = await getAsset(db, { idOrSlug: assetId });
  requireAssetAccess(key, asset.id, assetId);
  const query = parseQuery(request, explainForecastQuery);
  const forecast = await getAssetForecast({ db, cache: await getCache() }, { assetId: asset.id, metric: query.metric });
  const body: ExplainedAssetForecastResponse = { asset: { id: asset.id, slug: asset.slug }, ...forecast };
  if (query.explain === "true") body.explanation = await explainForecast(db, { artifacts: getArtifactStore() }, { forecast, top: query.top });
  return json(body);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
