import { and, desc, eq, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { anomalies, assets, series } from "@/db/schema";
import { newestFirst } from "@/server/http/newest-first";

export interface ListAnomaliesParams {
  assetId?: string;
  seriesId?: string;
  /** Anomalies at or after `from`, before or at `to`. */
  from?: Date;
  to?: Date;
  /** Only unacknowledged (true), only acknowledged (false), or all (undefined). */
  open?: boolean;
  /** Newest first; pass the last row's `cursor` for the next page. */
  cursor?: string;
  limit?: number;
  /** Restrict to these assets (an API key's allow-list). */
  assetIds?: string[] | null;
}

export interface AnomalyRow {
  id: string;
  assetId: string;
  assetSlug: string;
  seriesId: string;
  metric: string;
  ts: Date;
  kind: (typeof anomalies.$inferSelect)["kind"];
  value: number | null;
  expected: number | null;
  lower: number | null;
  upper: number | null;
  score: number;
  length: number;
  reason: string;
  method: string;
  detectedAt: Date;
  acknowledgedAt: Date | null;
}

export async function listAnomalies(db: DbOrTx, params: ListAnomaliesParams = {}): Promise<{ items: AnomalyRow[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(params.limit ?? 100, 1), 500);
  const conds: (SQL | undefined)[] = [
    params.assetId ? eq(series.assetId, params.assetId) : undefined,
    params.seriesId ? eq(anomalies.seriesId, params.seriesId) : undefined,
    params.from ? gte(anomalies.ts, params.from) : undefined,
    params.to ? lte(anomalies.ts, params.to) : undefined,
    params.open === true ? isNull(anomalies.acknowledgedAt) : undefined,
    params.open === false ? isNotNull(anomalies.acknowledgedAt) : undefined,
    params.assetIds ? (params.assetIds.length ? inArray(series.assetId, params.assetIds) : sql`false`) : undefined,
    newestFirst.after(anomalies.ts, anomalies.id, params.cursor),
  ];
  const rows = await db
    .select({
      id: anomalies.id,
      assetId: series.assetId,
      assetSlug: assets.slug,
      seriesId: anomalies.seriesId,
      metric: series.metric,
      ts: anomalies.ts,
      kind: anomalies.kind,
      value: anomalies.value,
      expected: anomalies.expected,
      lower: anomalies.lower,
      upper: anomalies.upper,
      score: anomalies.score,
      length: anomalies.length,
      reason: anomalies.reason,
      method: anomalies.method,
      detectedAt: anomalies.detectedAt,
      acknowledgedAt: anomalies.acknowledgedAt,
    })
    .from(anomalies)
    .innerJoin(series, eq(series.id, anomalies.seriesId))
    .innerJoin(assets, eq(assets.id, series.assetId))
    .where(and(...conds))
    .orderBy(desc(anomalies.ts), desc(anomalies.id))
    .limit(limit + 1);
  const page = newestFirst.page(rows, limit, (r) => ({ time: r.ts, id: r.id }));
  return { items: page.rows, nextCursor: page.nextCursor };
}
