import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const assetKind = pgEnum("asset_kind", ["city", "meter", "ticker", "other"]);
export const ASSET_KINDS = assetKind.enumValues;

export const assets = pgTable(
  "assets",
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    name: text().notNull(),
    kind: assetKind().notNull(),
    timezone: text().notNull().default("UTC"),
    lat: doublePrecision(),
    lon: doublePrecision(),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("assets_slug_unique").on(t.slug)],
);

export const series = pgTable(
  "series",
  {
    id: uuid().primaryKey().defaultRandom(),
    assetId: uuid()
      .notNull()
      .references(() => assets.id, { onDelete: "cascade" }),
    metric: text().notNull(),
    unit: text(),
    /** ISO-8601-like spacing such as `30m`, `1h`, `1d`; null when irregular or unknown. */
    frequency: text(),
    source: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("series_asset_metric_unique").on(t.assetId, t.metric)],
);

/** Quality flags: 0 ok, 1 suspect, 2 imputed, 3 estimated by source. */
export const QUALITY = { ok: 0, suspect: 1, imputed: 2, estimated: 3 } as const;

export const observations = pgTable(
  "observations",
  {
    seriesId: uuid()
      .notNull()
      .references(() => series.id, { onDelete: "cascade" }),
    ts: timestamp({ withTimezone: true, mode: "date" }).notNull(),
    value: doublePrecision().notNull(),
    quality: smallint().notNull().default(0),
  },
  (t) => [primaryKey({ name: "observations_pk", columns: [t.seriesId, t.ts] })],
);

export const ingestRunStatus = pgEnum("ingest_run_status", ["running", "succeeded", "failed"]);

export const ingestRuns = pgTable(
  "ingest_runs",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** e.g. `rest`, `csv`, `seed`, or a connector id. */
    source: text().notNull(),
    assetId: uuid().references(() => assets.id, { onDelete: "set null" }),
    status: ingestRunStatus().notNull().default("running"),
    /** Source-specific position for incremental pulls (last timestamp, page token). */
    cursor: text(),
    /** Valid points received (new, changed and unchanged together). */
    rowsAccepted: integer().notNull().default(0),
    rowsRejected: integer().notNull().default(0),
    /** Of the accepted points: stored for the first time, and overwritten with a different value/quality. */
    rowsInserted: integer().notNull().default(0),
    rowsUpdated: integer().notNull().default(0),
    error: jsonb().$type<unknown>(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("ingest_runs_source_started_idx").on(t.source, t.startedAt)],
);

