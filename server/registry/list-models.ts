import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, models, modelVersions } from "@/db/schema";

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
