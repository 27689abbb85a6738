/** Ids of the models that have a champion (what refresh-forecasts precomputes on its hourly run). */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { modelVersions } from "@/db/schema";

export async function listChampionModelIds(db: DbOrTx): Promise<string[]> {
  const rows = await db.select({ modelId: modelVersions.modelId }).from(modelVersions).where(eq(modelVersions.state, "champion"));
  return rows.map((r) => r.modelId);
}
