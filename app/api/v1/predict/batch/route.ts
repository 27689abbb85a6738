/**
 * POST /api/v1/predict/batch — up to 100 `{asset_id, forecast_horizon, …}` items; one result or one problem
 * per item, in order (server/predict/predict-batch.ts). Scope `predict`; each item counts against the key's limit.
 */
import { getArtifactStore, getInferenceClient } from "@/inngest/deps";
import { getCache } from "@/server/cache";
import { env } from "@/server/env";
import { authenticate } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { readJson } from "@/server/http/read-body";
import { toValidationError } from "@/server/http/zod-issues";
import { predictBatch } from "@/server/predict/predict-batch";
import { batchBody } from "@/server/predict/schemas";
import { limitRequest, withHeaders } from "@/server/rate-limits/limit-request";

export const POST = handleRoute(async (request: Request) => {
  const db = await routeDb();
  const key = await authenticate(db, request, "predict");
  const parsed = batchBody.safeParse(await readJson(request, env.MAX_BODY_BYTES));
  if (!parsed.success) throw toValidationError(parsed.error);
  const limit = await limitRequest(key, request, parsed.data.items.length);
  if (!limit.allowed) return limit.response;
  const results = await predictBatch({ db, cache: await getCache(), inference: getInferenceClient(), artifacts: getArtifactStore() }, { key, body: parsed.data, instance: new URL(request.url).pathname });
  return withHeaders(json({ results }), limit.headers);
});

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed("POST");
