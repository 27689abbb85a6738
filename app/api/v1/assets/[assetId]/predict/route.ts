/**
 * POST /api/v1/assets/{assetId}/predict — the champion's forecast for the asset, from posted history or the
 * stored one, with the requested intervals (server/predict). Scope `predict`; rate-limited per key.
 */
import { getInferenceClient } from "@/inngest/deps";
import { getCache } from "@/server/cache";
import { env } from "@/server/env";
import { authenticateForAsset } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { readJson } from "@/server/http/read-body";
import { toValidationError } from "@/server/http/zod-issues";
import { predictForAsset } from "@/server/predict/predict-asset";
import { predictBody } from "@/server/predict/schemas";
import { limitRequest, withHeaders } from "@/server/rate-limits/limit-request";

export const POST = handleRoute(async (request: Request, ctx: { params: Promise<{ assetId: string }> }) => {
  const { assetId } = await ctx.params;
  const db = await routeDb();
  const { key, asset } = await authenticateForAsset(db, request, "predict", assetId);
  const limit = await limitRequest(key, request);
  if (!limit.allowed) return limit.response;
  const parsed = predictBody.safeParse(await readJson(request, env.MAX_BODY_BYTES));
  if (!parsed.success) throw toValidationError(parsed.error);
  const out = await predictForAsset({ db, cache: await getCache(), inference: getInferenceClient() }, { asset, body: parsed.data });
  return withHeaders(json(out), limit.headers);
});

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed("POST");
