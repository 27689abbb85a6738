/** Series are created the first time a metric of an asset is seen. */
import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { series } from "@/db/schema";

export interface EnsureSeriesParams {
  assetId: string;
  metrics: { metric: string; unit?: string | null }[];
  /** Recorded on newly created series (`rest`, `csv`, `seed`, ...). */
  source: string;
}

/** Returns metric → series id for every requested metric, creating the missing ones. */
export async function ensureSeries(db: DbOrTx, params: EnsureSeriesParams): Promise<Map<string, string>> {
  const names = [...new Set(params.metrics.map((m) => m.metric))];
  const ids = new Map<string, string>();
  if (names.length === 0) return ids;
  const load = async () => {
    const rows = await db
      .select({ id: series.id, metric: series.metric })
      .from(series)
      .where(and(eq(series.assetId, params.assetId), inArray(series.metric, names)));
    for (const r of rows) ids.set(r.metric, r.id);
  };
  await load();
  const missing = params.metrics.filter((m) => !ids.has(m.metric));
  if (missing.length > 0) {
    const unitOf = new Map(missing.map((m) => [m.metric, m.unit ?? null]));
    // DO NOTHING + re-read (a new statement, hence a fresh snapshot under READ COMMITTED) also picks up
    // a series a concurrent writer created between our read and our insert.
    await db
      .insert(series)
      // Sorted, so that writers creating overlapping sets of series lock them in the same order.
      .values(
        [...unitOf]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([metric, unit]) => ({ assetId: params.assetId, metric, unit, source: params.source })),
      )
      .onConflictDoNothing({ target: [series.assetId, series.metric] });
    await load();
  }
  return ids;
}
