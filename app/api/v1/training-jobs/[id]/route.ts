/**
 * GET /api/v1/training-jobs/{id} — status, stage, percent, backtest metrics of the trained version, log tail
 * (trainingJobResponseSchema, derived from the job-run view). Scope `train`.
 */
import { authenticate } from "@/server/http/authenticate";
import { NotFoundError } from "@/server/http/errors";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import type { TrainingJobResponse } from "@/server/jobs/schemas";
import { getTrainingJob } from "@/server/training/job-status";

export const GET = handleRoute(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  const db = await routeDb();
  const key = await authenticate(db, request, "train");
  // Unknown ids, runs of other jobs and jobs on an asset outside the key's allow-list all get the same
  // answer, word for word (getRun would name an unknown id a "job run"): no existence oracle.
  const notFound = new NotFoundError("training job", id);
  const job = await getTrainingJob(db, { runId: id }).catch((error: unknown) => {
    throw error instanceof NotFoundError ? notFound : error;
  });
  if (job.assetId && key.assetIds && !key.assetIds.includes(job.assetId)) throw notFound;
  const body: TrainingJobResponse = job;
  return json(body);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
