/**
 * POST /api/v1/assets/{assetId}/detect_anomalies — which readings of a posted data stream are anomalous
 * (spikes, level shifts, stuck sensors, gaps), checked against the asset's stored history. Scope `predict`;
 * rate-limited per key.
 * Body and response: server/anomalies/schemas.ts. Nothing posted is stored.
 */
import { getInferenceClient } from "@/inngest/deps";
import { detectAssetAnomalies } from "@/server/anomalies/detect-asset-anomalies";
import { detectAnomaliesBody } from "@/server/anomalies/schemas";
import { env } from "@/server/env";
import { authenticateForAsset } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { readJson } from "@/server/http/read-body";
import { toValidationError } from "@/server/http/zod-issues";
import { limitRequest, withHeaders } from "@/server/rate-limits/limit-request";

export const POST = handleRoute(async (request: Request, ctx: { params: Promise<{ assetId: string }> }) => {
  const { assetId } = await ctx.params;
  const db = await routeDb();
  const { key, asset } = await authenticateForAsset(db, request, "predict", assetId);
  const limit = await limitRequest(key, request);
  if (!limit.allowed) return limit.response;
  const parsed = detectAnomaliesBody.safeParse(await readJson(request, env.MAX_BODY_BYTES));
  if (!parsed.success) throw toValidationError(parsed.error);
  return withHeaders(json(await detectAssetAnomalies(db, { asset, body: parsed.data, inference: getInferenceClient() })), limit.headers);
});

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed("POST");
