/** GET /api/v1/jobs?kind=&status=&asset=&cursor=&limit= — job runs, newest first, within the key's allow-list. Scope `read`. */
import { requireAssetAccess } from "@/server/api-keys/verify-api-key";
import { getAsset } from "@/server/assets";
import { authenticate } from "@/server/http/authenticate";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { parseQuery } from "@/server/http/query-params";
import { pageJobRuns } from "@/server/jobs/page-job-runs";
import { jobRunsQuerySchema, type JobRunPage } from "@/server/jobs/schemas";

export const GET = handleRoute(async (request: Request) => {
  const db = await routeDb();
  const key = await authenticate(db, request, "read");
  const q = parseQuery(request, jobRunsQuerySchema);
  let assetId: string | undefined;
  if (q.asset) {
    const asset = await getAsset(db, { idOrSlug: q.asset });
    requireAssetAccess(key, asset.id, q.asset);
    assetId = asset.id;
  }
  const body: JobRunPage = await pageJobRuns(db, { jobId: q.kind, status: q.status, assetId, cursor: q.cursor, limit: q.limit, assetIds: key.assetIds });
  return json(body);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
