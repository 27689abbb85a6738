/** The newest `limit` observations of a series, oldest first (the history a forecast refresh starts from). */
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { observations } from "@/db/schema";
import type { ObservationRow } from "@/ml/series/to-regular-series";

export async function readNewestObservations(db: DbOrTx, params: { seriesId: string; limit: number }): Promise<ObservationRow[]> {
  const newest = await db
    .select({ ts: observations.ts, value: observations.value })
    .from(observations)
    .where(eq(observations.seriesId, params.seriesId))
    .orderBy(desc(observations.ts))
    .limit(params.limit);
  return newest.reverse();
}
