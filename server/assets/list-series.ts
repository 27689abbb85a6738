import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { observations, series } from "@/db/schema";
import type { Series } from "./types";

export interface SeriesSummary extends Series {
  points: number;
  firstTs: Date | null;
  lastTs: Date | null;
}

export interface ListSeriesParams {
  assetId: string;
}

/** The asset's series with point counts and first/last timestamps, ordered by metric. */
export async function listSeries(db: DbOrTx, params: ListSeriesParams): Promise<SeriesSummary[]> {
  const rows = await db
    .select({
      series,
      // Per-series aggregates in a lateral subquery: each uses the (series_id, ts) primary key index,
      // and only this asset's series are touched.
      points: sql<number>`stats.points`,
      firstTs: sql<string | Date | null>`stats.first_ts`,
      lastTs: sql<string | Date | null>`stats.last_ts`,
    })
    .from(series)
    .leftJoin(
      sql`lateral (select count(*)::int as points, min(${observations.ts}) as first_ts, max(${observations.ts}) as last_ts
                   from ${observations} where ${observations.seriesId} = ${series.id}) as stats`,
      sql`true`,
    )
    .where(eq(series.assetId, params.assetId))
    .orderBy(asc(series.metric));
  return rows.map((r) => ({
    ...r.series,
    points: Number(r.points ?? 0),
    // Raw aggregates bypass Drizzle's column mapping; drivers return text or Date.
    firstTs: r.firstTs == null ? null : new Date(r.firstTs),
    lastTs: r.lastTs == null ? null : new Date(r.lastTs),
  }));
}
