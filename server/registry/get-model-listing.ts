/**
 * One model as the models list shows it (asset slug and name, current champion), by id: one query, where
 * `listModels` would load every model to find it.
 */
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, models, modelVersions } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import type { listModels } from "@/server/registry";

export type ModelListing = Awaited<ReturnType<typeof listModels>>[number];

export async function getModelListing(db: DbOrTx, params: { modelId: string }): Promise<ModelListing> {
  const [row] = await db
    .select({ model: models, assetSlug: assets.slug, assetName: assets.name, championId: modelVersions.id, championVersion: modelVersions.version })
    .from(models)
    .innerJoin(assets, eq(assets.id, models.assetId))
    .leftJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.state, "champion")))
    .where(eq(models.id, params.modelId));
  if (!row) throw new NotFoundError("model", params.modelId);
  const champion = row.championId !== null && row.championVersion !== null ? { modelId: row.model.id, id: row.championId, version: row.championVersion } : null;
  return { ...row.model, assetSlug: row.assetSlug, assetName: row.assetName, champion };
}
