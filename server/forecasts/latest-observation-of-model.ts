import { eq, max } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models, observations } from "@/db/schema";

/** Timestamp of the newest stored observation of a model's series, or null (one index lookup). */
export async function latestObservationOfModel(db: DbOrTx, params: { modelId: string }): Promise<Date | null> {
  const [row] = await db
    .select({ ts: max(observations.ts) })
    .from(observations)
    .innerJoin(models, eq(models.seriesId, observations.seriesId))
    .where(eq(models.id, params.modelId));
  return row?.ts ? new Date(row.ts) : null;
}
