/** GET /api/v1/training-jobs/{id} — status, stage, percent, backtest metrics of the trained version, log tail. Scope `train`. */
import { requireAssetAccess } from "@/server/api-keys/verify-api-key";
import { authenticate } from "@/server/http/authenticate";
import { handleRoute, json, routeDb } from "@/server/http/handle-route";
import { getTrainingJob } from "@/server/training/job-status";

export const GET = handleRoute(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const db = await routeDb();
  const key = await authenticate(db, request, "train");
  const job = await getTrainingJob(db, { runId: id });
  if (job.assetId) requireAssetAccess(key, job.assetId);
  return json(job);
});
