import { and, desc, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { observations } from "@/db/schema";

/** The newest `limit` observations of a series strictly before `before`, oldest first. */
export async function readHistoryBefore(db: DbOrTx, params: { seriesId: string; before: Date; limit: number }): Promise<{ ts: Date; value: number }[]> {
  const rows = await db
    .select({ ts: observations.ts, value: observations.value })
    .from(observations)
    .where(and(eq(observations.seriesId, params.seriesId), lt(observations.ts, params.before)))
    .orderBy(desc(observations.ts))
    .limit(params.limit);
  return rows.reverse();
}
