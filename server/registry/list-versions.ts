import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { modelVersions } from "@/db/schema";

/** A model's versions, newest first, without the bulky plot data. */
export async function listVersions(db: DbOrTx, params: { modelId: string }) {
  return db
    .select({
      id: modelVersions.id,
      modelId: modelVersions.modelId,
      version: modelVersions.version,
      state: modelVersions.state,
      algorithm: modelVersions.algorithm,
      parameters: modelVersions.parameters,
      backtestMetrics: modelVersions.backtestMetrics,
      trainingSnapshot: modelVersions.trainingSnapshot,
      artifactSha256: modelVersions.artifactSha256,
      jobRunId: modelVersions.jobRunId,
      createdAt: modelVersions.createdAt,
      trainedAt: modelVersions.trainedAt,
      promotedAt: modelVersions.promotedAt,
      error: modelVersions.error,
    })
    .from(modelVersions)
    .where(eq(modelVersions.modelId, params.modelId))
    .orderBy(desc(modelVersions.version));
}
