import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { modelVersions, type TrainingSnapshot } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import { InvalidTransitionError } from "./errors";
import { promoteVersion } from "./promote-version";
import type { Actor, ModelVersion } from "./types";

/** The evidence a trained version is registered with: the columns' own types (db/schema/registry.ts). */
type TrainedFields = typeof modelVersions.$inferInsert;

export interface CompleteVersionParams
  extends Required<
      Pick<
        TrainedFields,
        "algorithm" | "parameters" | "featureSpec" | "featureSpecHash" | "calibration" | "backtestMetrics" | "artifactUri" | "artifactSha256"
      >
    >,
    Pick<TrainedFields, "backtestPlot" | "manifest"> {
  versionId: string;
  trainingSnapshot: TrainingSnapshot;
  /** Promote right away when the model has no champion yet (a model must serve something). */
  promoteIfNoChampion?: boolean;
  actor?: Actor;
}

/**
 * Registers a trained version: `training` → `candidate` with all its evidence, then champion when the
 * model has none. Idempotent for a version already past training (a retried job step).
 */
export async function completeVersion(db: DbOrTx, params: CompleteVersionParams): Promise<ModelVersion> {
  const { versionId, promoteIfNoChampion, actor, ...fields } = params;
  const updated = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(modelVersions).where(eq(modelVersions.id, versionId)).for("update");
    if (!current) throw new NotFoundError("model version", versionId);
    if (current.state !== "training") {
      if (current.state === "failed") throw new InvalidTransitionError(versionId, current.state, "candidate");
      return current;
    }
    const [row] = await tx
      .update(modelVersions)
      .set({ ...fields, state: "candidate", trainedAt: new Date() })
      .where(and(eq(modelVersions.id, versionId), eq(modelVersions.state, "training")))
      .returning();
    return row;
  });
  if (promoteIfNoChampion && updated.state === "candidate") {
    const [champion] = await db
      .select({ id: modelVersions.id })
      .from(modelVersions)
      .where(and(eq(modelVersions.modelId, updated.modelId), eq(modelVersions.state, "champion")));
    if (!champion) return promoteVersion(db, { versionId, actor, reason: "first trained version" });
  }
  return updated;
}
