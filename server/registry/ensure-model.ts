import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models } from "@/db/schema";
import type { Model } from "./types";

export interface EnsureModelParams {
  assetId: string;
  seriesId: string;
  metric: string;
  horizon: number;
  frequency: string;
  seasonLengths: number[];
}

/** The model for (asset, metric, horizon), created on first use. Later calls keep the stored settings. */
export async function ensureModel(db: DbOrTx, params: EnsureModelParams): Promise<Model> {
  await db.insert(models).values(params).onConflictDoNothing({
    target: [models.assetId, models.metric, models.horizon],
  });
  const [row] = await db
    .select()
    .from(models)
    .where(and(eq(models.assetId, params.assetId), eq(models.metric, params.metric), eq(models.horizon, params.horizon)));
  return row;
}
