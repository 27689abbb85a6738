/** The newest `limit` observations of a series at or before `untilTs`, oldest first (the history a forecast was made from). */
import { and, desc, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { observations } from "@/db/schema";
import type { ObservationRow } from "@/ml/series/to-regular-series";

export async function readHistoryUntil(db: DbOrTx, params: { seriesId: string; untilTs: Date; limit: number }): Promise<ObservationRow[]> {
  const rows = await db
    .select({ ts: observations.ts, value: observations.value })
    .from(observations)
    .where(and(eq(observations.seriesId, params.seriesId), lte(observations.ts, params.untilTs)))
    .orderBy(desc(observations.ts))
    .limit(params.limit);
  return rows.reverse();
}
