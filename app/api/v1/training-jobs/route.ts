/**
 * POST /api/v1/training-jobs — `{ asset_id, metric?, data_url?, options? }` → 202 `{ id, status_url }`.
 * API key scope `train`. With data_url the CSV is downloaded (HTTPS, public hosts only unless allow-listed,
 * size-capped) and imported before the job is queued; every refusal is a problem+json naming the field.
 */
import { requireAssetAccess } from "@/server/api-keys/verify-api-key";
import { env } from "@/server/env";
import { authenticate } from "@/server/http/authenticate";
import { ValidationError } from "@/server/http/errors";
import { handleRoute, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { readJson } from "@/server/http/read-body";
import { startTrainingResponseSchema } from "@/server/jobs/schemas";
import { startTrainingRequestSchema } from "@/server/training/schemas";
import { startTraining } from "@/server/training/start-training";
import { getJobRuntime } from "@/inngest/runtime";

export const POST = handleRoute(async (request: Request) => {
  const db = await routeDb();
  const key = await authenticate(db, request, "train");
  const body = await readJson(request, 64 * 1024);
  const parsed = startTrainingRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`${issue.path.join(".")}: ${issue.message}`, { field: issue.path.join(".") });
  }
  const runtime = await getJobRuntime();
  const started = await startTraining(
    { db, dispatch: runtime.dispatch },
    {
      asset: parsed.data.asset_id,
      metric: parsed.data.metric,
      dataUrl: parsed.data.data_url,
      options: parsed.data.options,
      actor: { apiKeyId: key.id, userId: key.createdBy },
      trigger: "api",
      authorizeAsset: (assetId) => requireAssetAccess(key, assetId, parsed.data.asset_id),
      download: { maxBytes: env.MAX_BODY_BYTES, allowHosts: env.DATA_URL_ALLOW_HOSTS },
    },
  );
  const statusUrl = new URL(`/api/v1/training-jobs/${started.runId}`, request.url).pathname;
  const response = startTrainingResponseSchema.parse({
    id: started.runId,
    status: "queued",
    asset_id: started.assetId,
    metric: started.metric,
    status_url: statusUrl,
    imported: started.imported ?? null,
  });
  return new Response(JSON.stringify(response), { status: 202, headers: { "content-type": "application/json", location: statusUrl, "cache-control": "no-store" } });
});

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed("POST");
