import { and, asc, eq, exists, ilike, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, models, modelVersions, type ModelVersionState } from "@/db/schema";

export interface ListModelsParams {
  assetId?: string;
  /** Free text: every word must appear in the model's name (asset and metric), asset slug, kind, champion algorithm or a tag. */
  q?: string;
  /** The asset's kind. */
  kind?: (typeof assets.$inferSelect)["kind"];
  /** Models with a version in this state (`champion`: serving; `training`: a run in progress…). */
  status?: ModelVersionState;
  /** Models carrying this tag. */
  tag?: string;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Models of an asset (or all), each with its asset slug and current champion version number; searched and filtered. */
export async function listModels(db: DbOrTx, params: ListModelsParams = {}) {
  const words = (params.q ?? "").trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const wordMatches: SQL[] = words.map((w) => {
    const like = `%${escapeLike(w)}%`;
    return or(
      ilike(assets.name, like),
      ilike(assets.slug, like),
      ilike(models.metric, like),
      sql`${assets.kind}::text ilike ${like}`,
      sql`array_to_string(${models.tags}, ' ') ilike ${like}`,
      exists(
        db
          .select({ one: sql`1` })
          .from(modelVersions)
          .where(and(eq(modelVersions.modelId, models.id), eq(modelVersions.state, "champion"), ilike(modelVersions.algorithm, like))),
      ),
    )!;
  });
  const rows = await db
    .select({ model: models, assetSlug: assets.slug, assetName: assets.name })
    .from(models)
    .innerJoin(assets, eq(assets.id, models.assetId))
    .where(
      and(
        params.assetId ? eq(models.assetId, params.assetId) : undefined,
        params.kind ? eq(assets.kind, params.kind) : undefined,
        params.tag ? sql`${params.tag.trim().toLowerCase()} = any(${models.tags})` : undefined,
        params.status
          ? exists(db.select({ one: sql`1` }).from(modelVersions).where(and(eq(modelVersions.modelId, models.id), eq(modelVersions.state, params.status))))
          : undefined,
        ...wordMatches,
      ),
    )
    .orderBy(asc(assets.slug), asc(models.metric), asc(models.horizon));
  const champions = await db
    .select({ modelId: modelVersions.modelId, id: modelVersions.id, version: modelVersions.version })
    .from(modelVersions)
    .where(eq(modelVersions.state, "champion"));
  const byModel = new Map(champions.map((c) => [c.modelId, c]));
  return rows.map((r) => ({ ...r.model, assetSlug: r.assetSlug, assetName: r.assetName, champion: byModel.get(r.model.id) ?? null }));
}
