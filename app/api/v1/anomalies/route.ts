/** GET /api/v1/anomalies?asset=&open=&cursor=&limit= — anomalies found in ingested readings, newest first. Scope `read`. */
import { anomalyPage, anomaliesQuery } from "@/server/anomalies/schemas";
import { listAnomalies } from "@/server/anomalies/list-anomalies";
import { requireAssetAccess } from "@/server/api-keys/verify-api-key";
import { getAsset } from "@/server/assets";
import { authenticate } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { parseQuery } from "@/server/http/query-params";

export const GET = handleRoute(async (request: Request) => {
  const db = await routeDb();
  const key = await authenticate(db, request, "read");
  const q = parseQuery(request, anomaliesQuery);
  let assetId: string | undefined;
  if (q.asset) {
    const asset = await getAsset(db, { idOrSlug: q.asset });
    requireAssetAccess(key, asset.id, q.asset);
    assetId = asset.id;
  }
  const page = await listAnomalies(db, { assetId, open: q.open, cursor: q.cursor, limit: q.limit, assetIds: key.assetIds });
  const body: typeof anomalyPage._output = {
    items: page.items.map((a) => ({
      id: a.id,
      asset_id: a.assetSlug,
      metric: a.metric,
      timestamp: a.ts.toISOString(),
      value: a.value,
      expected: a.expected,
      lower: a.lower,
      upper: a.upper,
      score: a.score,
      kind: a.kind,
      length: a.length,
      reason: a.reason,
      method: a.method,
      detected_at: a.detectedAt.toISOString(),
      acknowledged_at: a.acknowledgedAt?.toISOString() ?? null,
    })),
    next_cursor: page.nextCursor,
  };
  return json(body);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
