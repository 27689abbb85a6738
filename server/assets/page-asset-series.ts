/** An asset's series a page at a time for the REST API, with point counts and first/last timestamps; keyset pages by metric. */
import { and, asc, count, eq, gt, max, min } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { observations, series } from "@/db/schema";
import type { AssetSeriesPage } from "./rest-schemas";

export async function pageAssetSeries(
  db: DbOrTx,
  params: { asset: { id: string; slug: string }; cursor?: string; limit: number },
): Promise<AssetSeriesPage> {
  const rows = await db
    .select({
      id: series.id,
      metric: series.metric,
      unit: series.unit,
      frequency: series.frequency,
      pointCount: count(observations.ts),
      firstTs: min(observations.ts),
      lastTs: max(observations.ts),
    })
    .from(series)
    .leftJoin(observations, eq(observations.seriesId, series.id))
    .where(and(eq(series.assetId, params.asset.id), params.cursor ? gt(series.metric, params.cursor) : undefined))
    .groupBy(series.id)
    .orderBy(asc(series.metric))
    .limit(params.limit + 1);
  const items = rows.slice(0, params.limit).map((s) => ({
    id: s.id,
    metric: s.metric,
    unit: s.unit,
    frequency: s.frequency,
    point_count: Number(s.pointCount),
    first_timestamp: s.firstTs ? new Date(s.firstTs).toISOString() : null,
    last_timestamp: s.lastTs ? new Date(s.lastTs).toISOString() : null,
  }));
  return { asset: { id: params.asset.id, slug: params.asset.slug }, items, next_cursor: rows.length > params.limit ? items[items.length - 1].metric : null };
}
