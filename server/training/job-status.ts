import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { modelVersions } from "@/db/schema";
import { getRun, logTail } from "@/server/jobs";
import { NotFoundError } from "@/server/http/errors";

/** A training job as REST and the job page report it: status, stage, percent, metrics of its version, log tail. */
export async function getTrainingJob(db: DbOrTx, params: { runId: string; logLines?: number }) {
  if (!/^[0-9a-f-]{36}$/i.test(params.runId)) throw new NotFoundError("training job", params.runId);
  const run = await getRun(db, params);
  if (run.jobId !== "train-model") throw new NotFoundError("training job", params.runId);
  const [version] = await db
    .select({
      id: modelVersions.id,
      modelId: modelVersions.modelId,
      version: modelVersions.version,
      state: modelVersions.state,
      backtestMetrics: modelVersions.backtestMetrics,
    })
    .from(modelVersions)
    .where(eq(modelVersions.jobRunId, run.id));
  const logs = await logTail(db, { runId: run.id, limit: params.logLines ?? 30 });
  return {
    id: run.id,
    status: run.status,
    stage: run.stage,
    percent: run.percent,
    assetId: run.assetId,
    metric: (run.payload as { metric?: string }).metric ?? null,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    error: run.error,
    version: version ?? null,
    metrics: version?.backtestMetrics ?? null,
    lossCurve: run.lossCurve,
    log: logs.map((l) => ({ at: l.at.toISOString(), level: l.level, message: l.message })),
  };
}

export type TrainingJobView = Awaited<ReturnType<typeof getTrainingJob>>;
