import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models } from "@/db/schema";

/** An asset's models (of one metric, if given), by metric then shortest horizon first. */
export async function listAssetModels(db: DbOrTx, params: { assetId: string; metric?: string }): Promise<{ id: string; metric: string }[]> {
  return db
    .select({ id: models.id, metric: models.metric })
    .from(models)
    .where(and(eq(models.assetId, params.assetId), params.metric ? eq(models.metric, params.metric) : undefined))
    .orderBy(asc(models.metric), asc(models.horizon));
}
