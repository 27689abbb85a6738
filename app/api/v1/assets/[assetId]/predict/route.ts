/**
 * POST /api/v1/assets/{assetId}/predict — the champion's forecast for the asset, from posted history or the
 * stored one, with the requested intervals (server/predict). Scope `predict`; rate-limited per key.
 */
import { getArtifactStore, getInferenceClient } from "@/inngest/deps";
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
  // The rate limiter answers while the body is read, the model resolved and the cache asked (one round trip
  // fewer on the hot path); a refused request gets its 429 whatever else happened, and no inference runs for it.
  const limitP = limitRequest(key, request);
  const admitted = limitP.then(
    (l) => l.allowed,
    () => false,
  );
  let body: ReturnType<typeof predictBody.safeParse> | undefined;
  let bodyError: unknown;
  try {
    body = predictBody.safeParse(await readJson(request, env.MAX_BODY_BYTES));
  } catch (err) {
    bodyError = err;
  }
  const out = body?.success ? predictForAsset({ db, cache: await getCache(), inference: getInferenceClient(), artifacts: getArtifactStore() }, { asset, body: body.data, admitted }) : undefined;
  out?.catch(() => {}); // awaited below unless the limiter refuses
  const limit = await limitP;
  if (!limit.allowed) return limit.response;
  if (bodyError !== undefined) throw bodyError;
  if (!body?.success) throw toValidationError(body!.error!);
  // Admitted here, so `out` never ends in NotAdmittedError.
  return withHeaders(json(await out!), limit.headers);
});

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed("POST");
