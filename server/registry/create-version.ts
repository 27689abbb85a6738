import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models, modelVersions } from "@/db/schema";
import type { Actor, ModelVersion } from "./types";

export interface CreateVersionParams {
  modelId: string;
  algorithm: string;
  codeVersion: string;
  jobRunId?: string;
  actor?: Actor;
}

/**
 * Opens a version in state `training` with the next version number. The model row is locked for the
 * numbering so that two jobs finishing together cannot both take the same number.
 */
export async function createVersion(db: DbOrTx, params: CreateVersionParams): Promise<ModelVersion> {
  return db.transaction(async (tx) => {
    await tx.select({ id: models.id }).from(models).where(eq(models.id, params.modelId)).for("update");
    const [{ next }] = await tx
      .select({ next: sql<number>`coalesce(max(${modelVersions.version}), 0)::int + 1` })
      .from(modelVersions)
      .where(eq(modelVersions.modelId, params.modelId));
    const [row] = await tx
      .insert(modelVersions)
      .values({
        modelId: params.modelId,
        version: next,
        state: "training",
        algorithm: params.algorithm,
        codeVersion: params.codeVersion,
        jobRunId: params.jobRunId,
        authorUserId: params.actor?.userId ?? null,
        authorApiKeyId: params.actor?.apiKeyId ?? null,
      })
      .returning();
    return row;
  });
}
