/**
 * A training job as the REST status route reports it (GET /api/v1/training-jobs/{id}): the job-run view
 * (server/jobs) plus the version the run registered, times as ISO-8601 (trainingJobResponseSchema).
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { modelVersions } from "@/db/schema";
import { getJobRunInputSchema, trainingJobResponseSchema, type JobRunView, type TrainingJobResponse } from "@/server/jobs/schemas";
import { getJobRunView } from "@/server/jobs";
import { NotFoundError } from "@/server/http/errors";

/** The version a training run registered, if it has. */
export async function findVersionOfRun(db: DbOrTx, params: { jobRunId: string }) {
  const [version] = await db
    .select({
      id: modelVersions.id,
      modelId: modelVersions.modelId,
      version: modelVersions.version,
      state: modelVersions.state,
      backtestMetrics: modelVersions.backtestMetrics,
    })
    .from(modelVersions)
    .where(eq(modelVersions.jobRunId, params.jobRunId));
  return version ?? null;
}

type RunVersion = Awaited<ReturnType<typeof findVersionOfRun>>;

/** The REST shape of a training run's view. */
export function toTrainingJobResponse(view: JobRunView, version: RunVersion): TrainingJobResponse {
  return trainingJobResponseSchema.parse({
    id: view.id,
    status: view.status,
    stage: view.stage,
    percent: view.percent,
    assetId: view.assetId,
    metric: view.metric,
    createdAt: view.createdAt.toISOString(),
    startedAt: view.startedAt?.toISOString() ?? null,
    finishedAt: view.finishedAt?.toISOString() ?? null,
    error: view.error,
    version,
    metrics: version?.backtestMetrics ?? null,
    lossCurve: view.lossCurve,
    log: view.log.map((l) => ({ at: l.at.toISOString(), level: l.level, message: l.message })),
  });
}

/** A training job by run id; NotFoundError for a malformed id, an unknown run or a run of another job. */
export async function getTrainingJob(db: DbOrTx, params: { runId: string; logLines?: number }): Promise<TrainingJobResponse> {
  if (!getJobRunInputSchema.safeParse({ runId: params.runId }).success) throw new NotFoundError("training job", params.runId);
  const view = await getJobRunView(db, { runId: params.runId, logLines: params.logLines ?? 30 });
  if (view.jobId !== "train-model") throw new NotFoundError("training job", params.runId);
  return toTrainingJobResponse(view, await findVersionOfRun(db, { jobRunId: view.id }));
}
