import { and, asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, models, modelVersions } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import type { Model, ModelVersion } from "./types";

export async function getModel(db: DbOrTx, params: { modelId: string }): Promise<Model> {
  const [row] = await db.select().from(models).where(eq(models.id, params.modelId));
  if (!row) throw new NotFoundError("model", params.modelId);
  return row;
}

export async function getVersion(db: DbOrTx, params: { versionId: string }): Promise<ModelVersion> {
  const [row] = await db.select().from(modelVersions).where(eq(modelVersions.id, params.versionId));
  if (!row) throw new NotFoundError("model version", params.versionId);
  return row;
}

export async function findChampion(db: DbOrTx, params: { modelId: string }): Promise<ModelVersion | undefined> {
  const [row] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, params.modelId), eq(modelVersions.state, "champion")));
  return row;
}

/** Models of an asset (or all), each with its asset slug and current champion version number. */
export async function listModels(db: DbOrTx, params: { assetId?: string } = {}) {
  const rows = await db
    .select({ model: models, assetSlug: assets.slug, assetName: assets.name })
    .from(models)
    .innerJoin(assets, eq(assets.id, models.assetId))
    .where(params.assetId ? eq(models.assetId, params.assetId) : undefined)
    .orderBy(asc(assets.slug), asc(models.metric), asc(models.horizon));
  const champions = await db
    .select({ modelId: modelVersions.modelId, id: modelVersions.id, version: modelVersions.version })
    .from(modelVersions)
    .where(eq(modelVersions.state, "champion"));
  const byModel = new Map(champions.map((c) => [c.modelId, c]));
  return rows.map((r) => ({ ...r.model, assetSlug: r.assetSlug, assetName: r.assetName, champion: byModel.get(r.model.id) ?? null }));
}

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
