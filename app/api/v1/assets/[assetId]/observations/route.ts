/** POST /api/v1/assets/{assetId}/observations — push a JSON batch (see server/ingest/parse-push-body.ts); body pushObservationsBodySchema, answer ingestResultSchema. */
import { env } from "@/server/env";
import { authenticateForAsset } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { readJson } from "@/server/http/read-body";
import { ingestPush } from "@/server/ingest/ingest-batch";
import type { IngestResultBody } from "@/server/ingest/schemas";

export const POST = handleRoute(async (request: Request, ctx: { params: Promise<{ assetId: string }> }) => {
  const { assetId } = await ctx.params;
  const db = await routeDb();
  const { asset } = await authenticateForAsset(db, request, "ingest", assetId);
  const body = await readJson(request, env.MAX_BODY_BYTES);
  const url = new URL(request.url);
  const result: IngestResultBody = await ingestPush(db, {
    assetId: asset.id,
    body,
    metric: url.searchParams.get("metric") ?? undefined,
    unit: url.searchParams.get("unit") ?? undefined,
  });
  return json(result);
});

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed("POST");
