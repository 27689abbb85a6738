/**
 * POST /api/v1/assets/{assetId}/detect_anomalies — which readings of a posted data stream are anomalous
 * (spikes, level shifts, stuck sensors, gaps), checked against the asset's stored history. Scope `predict`.
 * Body and response: server/anomalies/schemas.ts. Nothing posted is stored.
 */
import { detectAssetAnomalies } from "@/server/anomalies/detect-asset-anomalies";
import { detectAnomaliesBody } from "@/server/anomalies/schemas";
import { env } from "@/server/env";
import { authenticateForAsset } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { readJson } from "@/server/http/read-body";
import { toValidationError } from "@/server/ingest/validation";

export const POST = handleRoute(async (request: Request, ctx: { params: Promise<{ assetId: string }> }) => {
  const { assetId } = await ctx.params;
  const db = await routeDb();
  const { asset } = await authenticateForAsset(db, request, "predict", assetId);
  const parsed = detectAnomaliesBody.safeParse(await readJson(request, env.MAX_BODY_BYTES));
  if (!parsed.success) throw toValidationError(parsed.error);
  return json(await detectAssetAnomalies(db, { asset, body: parsed.data }));
});

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed("POST");
