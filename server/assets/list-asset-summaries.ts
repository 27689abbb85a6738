/**
 * The assets list with each asset's series count, point count and latest observation, in one query
 * whatever the number of assets (the list page used to ask for every asset's series separately).
 */
import { asc, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, observations, series } from "@/db/schema";
import { assetListFilter, type ListAssetsParams } from "./list-assets";
import type { Asset } from "./types";

export interface AssetSummary extends Asset {
  seriesCount: number;
  /** Observations over all the asset's series. */
  points: number;
  /** The latest observation of any of its series; null when it has none. */
  lastObservationAt: Date | null;
}

export async function listAssetSummaries(db: DbOrTx, params: ListAssetsParams = {}): Promise<AssetSummary[]> {
  const rows = await db
    .select({
      asset: assets,
      seriesCount: sql<number | string | null>`totals.series_count`,
      points: sql<number | string | null>`totals.points`,
      lastTs: sql<string | Date | null>`totals.last_ts`,
    })
    .from(assets)
    .leftJoin(
      // Per-series aggregates first (each walks that series' (series_id, ts) primary-key index, as
      // listSeries does), then rolled up per asset; the lateral joins touch only the listed assets.
      sql`lateral (
        select count(*)::int as series_count, coalesce(sum(stats.points), 0)::bigint as points, max(stats.last_ts) as last_ts
        from ${series}
        cross join lateral (
          select count(*) as points, max(${observations.ts}) as last_ts
          from ${observations} where ${observations.seriesId} = ${series.id}
        ) as stats
        where ${series.assetId} = ${assets.id}
      ) as totals`,
      sql`true`,
    )
    .where(assetListFilter(params))
    .orderBy(asc(assets.slug));
  return rows.map((r) => ({
    ...r.asset,
    seriesCount: Number(r.seriesCount ?? 0),
    // bigint arrives as text from postgres-js; a point count stays far below 2^53.
    points: Number(r.points ?? 0),
    // Raw aggregates bypass Drizzle's column mapping; drivers return text or Date.
    lastObservationAt: r.lastTs == null ? null : new Date(r.lastTs),
  }));
}
