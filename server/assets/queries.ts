/**
 * Read and create assets, their series and observations. Every function takes `(db, params)` so that
 * the REST handlers, the tRPC routers and the ingest path share one implementation.
 */
import { and, asc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, observations, series, type ASSET_KINDS } from "@/db/schema";
import { NotFoundError, ValidationError } from "@/server/http/errors";
import { createAssetSchema, observationRangeSchema, type CreateAssetParams } from "./schemas";

export type Asset = typeof assets.$inferSelect;
export type Series = typeof series.$inferSelect;
export type AssetKind = (typeof ASSET_KINDS)[number];

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export interface ListAssetsParams {
  kind?: AssetKind;
  /** Restrict to these ids (an API key's allow-list); undefined means all. */
  ids?: string[];
}

/** The `where` condition on `assets` for these params; shared by every query that lists assets. */
export function assetListFilter(params: ListAssetsParams): SQL | undefined {
  return and(
    params.kind ? eq(assets.kind, params.kind) : undefined,
    params.ids ? (params.ids.length ? inArray(assets.id, params.ids) : sql`false`) : undefined,
  );
}

export async function listAssets(db: DbOrTx, params: ListAssetsParams = {}): Promise<Asset[]> {
  return db.select().from(assets).where(assetListFilter(params)).orderBy(asc(assets.slug));
}

export interface FindAssetParams {
  /** The asset's uuid or its slug. */
  idOrSlug: string;
}

export async function findAsset(db: DbOrTx, params: FindAssetParams): Promise<Asset | undefined> {
  const cond = isUuid(params.idOrSlug) ? eq(assets.id, params.idOrSlug) : eq(assets.slug, params.idOrSlug);
  const [row] = await db.select().from(assets).where(cond).limit(1);
  return row;
}

/** Like findAsset, but throws NotFoundError. */
export async function getAsset(db: DbOrTx, params: FindAssetParams): Promise<Asset> {
  const asset = await findAsset(db, params);
  if (!asset) throw new NotFoundError("asset", params.idOrSlug);
  return asset;
}

/** Creates an asset; a slug that already exists is a ValidationError on `slug`. */
export async function createAsset(db: DbOrTx, params: CreateAssetParams): Promise<Asset> {
  const parsed = createAssetSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(issue.message, { field: issue.path.join(".") });
  }
  const [row] = await db.insert(assets).values(parsed.data).onConflictDoNothing({ target: assets.slug }).returning();
  if (!row) throw new ValidationError(`an asset with slug "${parsed.data.slug}" already exists`, { field: "slug" });
  return row;
}

/** Creates the asset unless one with this slug exists; returns the stored one either way. */
export async function ensureAsset(db: DbOrTx, params: CreateAssetParams): Promise<Asset> {
  const existing = await findAsset(db, { idOrSlug: params.slug });
  if (existing) return existing;
  const parsed = createAssetSchema.parse(params);
  await db.insert(assets).values(parsed).onConflictDoNothing({ target: assets.slug });
  return getAsset(db, { idOrSlug: params.slug });
}

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

export interface FindSeriesParams {
  assetId: string;
  metric: string;
}

export async function findSeries(db: DbOrTx, params: FindSeriesParams): Promise<Series | undefined> {
  const [row] = await db
    .select()
    .from(series)
    .where(and(eq(series.assetId, params.assetId), eq(series.metric, params.metric)))
    .limit(1);
  return row;
}

export async function getSeries(db: DbOrTx, params: FindSeriesParams): Promise<Series> {
  const row = await findSeries(db, params);
  if (!row) throw new NotFoundError("series", params.metric);
  return row;
}

export async function getSeriesById(db: DbOrTx, params: { seriesId: string }): Promise<Series> {
  if (!isUuid(params.seriesId)) throw new NotFoundError("series", params.seriesId);
  const [row] = await db.select().from(series).where(eq(series.id, params.seriesId)).limit(1);
  if (!row) throw new NotFoundError("series", params.seriesId);
  return row;
}

export interface Observation {
  ts: Date;
  value: number;
  quality: number;
}

export interface ReadObservationsParams {
  seriesId: string;
  /** Inclusive lower bound. */
  from?: Date | string;
  /** Exclusive upper bound. */
  to?: Date | string;
  /** Most points returned (oldest first); default 1,000,000. */
  limit?: number;
}

/** Observations of one series in [from, to), ordered by time. */
export async function readObservations(db: DbOrTx, params: ReadObservationsParams): Promise<Observation[]> {
  const range = observationRangeSchema.safeParse({ from: params.from, to: params.to, limit: params.limit });
  if (!range.success) {
    const issue = range.error.issues[0];
    throw new ValidationError(issue.message, { field: issue.path.join(".") || "range" });
  }
  const { from, to, limit } = range.data;
  return db
    .select({ ts: observations.ts, value: observations.value, quality: observations.quality })
    .from(observations)
    .where(
      and(
        eq(observations.seriesId, params.seriesId),
        from ? gte(observations.ts, from) : undefined,
        to ? lt(observations.ts, to) : undefined,
      ),
    )
    .orderBy(asc(observations.ts))
    .limit(limit ?? 1_000_000);
}
