/** GET /api/v1/training-jobs/{id} — status, stage, percent, backtest metrics of the trained version, log tail. Scope `train`. */
import { authenticate } from "@/server/http/authenticate";
import { NotFoundError } from "@/server/http/errors";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { getTrainingJob } from "@/server/training/job-status";

export const GET = handleRoute(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const db = await routeDb();
  const key = await authenticate(db, request, "train");
  const job = await getTrainingJob(db, { runId: id });
  // A job on an asset outside the key's allow-list is answered like an unknown job (no existence oracle).
  if (job.assetId && key.assetIds && !key.assetIds.includes(job.assetId)) throw new NotFoundError("training job", id);
  return json(job);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
