/**
 * Model registry: one `models` row per (asset, metric, horizon) forecasting task and one `model_versions`
 * row per trained candidate, plus the precomputed forecasts that serving reads.
 *
 * Serving reads the single champion of a model; the partial unique index
 * `model_versions_one_champion` makes "at most one champion per model" a database invariant, so a
 * promotion that forgot to demote the old champion fails instead of serving two.
 */
import { sql } from "drizzle-orm";
import type { z } from "zod";
import type { FeatureSpec } from "@/ml/features/spec";
import type { ModelManifest } from "@/ml/onnx/signature";
import type { ForecastPoint } from "@/ml/types";
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { assets, series } from "./assets";
import { apiKeys, users } from "./auth";
import type { BacktestPlot, calibrationSchema } from "./json-columns";

/** A local model state's manifest as stored on its version (validated where written: state-artifact.ts). */
export interface StateManifestColumn {
  format: "almanac-state";
  manifestVersion: 1;
  kind: "local";
  model: string;
  sha256: string;
  sizeBytes: number;
}

/** A JSON column that holds `{}` until the version is trained. */
type UntilTrained<T> = T | Record<string, never>;

export const modelVersionState = pgEnum("model_version_state", [
  "training",
  "candidate",
  "champion",
  "challenger",
  "archived",
  "failed",
]);
export const MODEL_VERSION_STATES = modelVersionState.enumValues;
export type ModelVersionState = (typeof MODEL_VERSION_STATES)[number];

export const models = pgTable(
  "models",
  {
    id: uuid().primaryKey().defaultRandom(),
    assetId: uuid()
      .notNull()
      .references(() => assets.id, { onDelete: "cascade" }),
    seriesId: uuid()
      .notNull()
      .references(() => series.id, { onDelete: "cascade" }),
    metric: text().notNull(),
    /** Forecast horizon in steps of `frequency`. */
    horizon: integer().notNull(),
    /** Spacing such as `30m` or `1h` (same notation as series.frequency). */
    frequency: text().notNull(),
    /** Season lengths in steps, shortest first (e.g. {48,336} for half-hourly demand). */
    seasonLengths: integer().array().notNull(),
    /** Free-form registry tags (lower case, editors set them on the models page; searched with the name). */
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("models_asset_metric_horizon_unique").on(t.assetId, t.metric, t.horizon), index("models_tags_idx").using("gin", t.tags)],
);

/** Time range, size and content hash of the observations a version was trained on. */
export interface TrainingSnapshot {
  seriesId: string;
  fromTs: string;
  toTs: string;
  rowCount: number;
  /** SHA-256 over (ts, value) pairs in time order: the same data always gives the same hash. */
  contentHash: string;
  stepMs: number;
}

/** Backtest metrics keyed by horizon step label (e.g. "h1", "h24", "h48", "all"). */
export type BacktestMetrics = Record<string, Record<string, number>>;

export const modelVersions = pgTable(
  "model_versions",
  {
    id: uuid().primaryKey().defaultRandom(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    /** 1, 2, 3… per model. */
    version: integer().notNull(),
    state: modelVersionState().notNull().default("training"),
    algorithm: text().notNull(),
    parameters: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** ml/features/spec.ts; parsed with featureSpecSchema (json-columns.ts) where serving reads it. */
    featureSpec: jsonb().$type<UntilTrained<FeatureSpec>>().notNull().default({}),
    featureSpecHash: text(),
    trainingSnapshot: jsonb().$type<TrainingSnapshot>(),
    /** Git commit (or package version) of the code that trained it. */
    codeVersion: text().notNull(),
    backtestMetrics: jsonb().$type<BacktestMetrics>().notNull().default({}),
    /** Conformal calibration: nominal level → additive half-width per horizon step, plus method. */
    calibration: jsonb().$type<UntilTrained<z.input<typeof calibrationSchema>>>().notNull().default({}),
    /** Backtest plot data: per fold the actuals and forecasts (small, for the version page). */
    backtestPlot: jsonb().$type<BacktestPlot>(),
    artifactUri: text(),
    artifactSha256: text(),
    /**
     * The stored artifact manifest: an ONNX model's (server/serving/artifacts/manifest.ts) or a local model
     * state's (`format: "almanac-state"`, server/serving/artifacts/state-artifact.ts).
     */
    manifest: jsonb().$type<(ModelManifest & { sha256: string; sizeBytes: number }) | StateManifestColumn>(),
    authorUserId: uuid().references(() => users.id, { onDelete: "set null" }),
    authorApiKeyId: uuid().references(() => apiKeys.id, { onDelete: "set null" }),
    /** The job run that trained it (job_runs.id; no FK so either table can be pruned alone). */
    jobRunId: uuid(),
    error: jsonb().$type<unknown>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    trainedAt: timestamp({ withTimezone: true }),
    promotedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("model_versions_model_version_unique").on(t.modelId, t.version),
    uniqueIndex("model_versions_one_champion").on(t.modelId).where(sql`state = 'champion'`),
    index("model_versions_model_state_idx").on(t.modelId, t.state),
  ],
);

/** One forecast point (ml/types.ts is its home: the predict path in server/serving builds it too). */
export type { ForecastPoint };

/** Precomputed forecasts of a version from a forecast origin; serving reads the newest for the champion. */
export const forecasts = pgTable(
  "forecasts",
  {
    id: uuid().primaryKey().defaultRandom(),
    modelId: uuid()
      .notNull()
      .references(() => models.id, { onDelete: "cascade" }),
    modelVersionId: uuid()
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    /** Timestamp of the last observation the forecast conditions on. */
    originTs: timestamp({ withTimezone: true }).notNull(),
    stepMs: doublePrecision().notNull(),
    horizon: integer().notNull(),
    levels: integer().array().notNull(),
    points: jsonb().$type<ForecastPoint[]>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("forecasts_version_created_idx").on(t.modelVersionId, t.createdAt)],
);

/**
 * Online interval adaptation of a served version, per nominal level (server/forecasts/adapt-intervals.ts):
 * the factor its calibrated half-widths are multiplied by, moved after each actual that arrives (up on a miss,
 * down on a hit), so realised coverage tracks the promise under drift; with the tally of what was scored.
 */
export const intervalAdaptations = pgTable(
  "interval_adaptations",
  {
    modelVersionId: uuid()
      .notNull()
      .references(() => modelVersions.id, { onDelete: "cascade" }),
    level: integer().notNull(),
    /** log of the multiplier on the calibrated half-width (0 = as calibrated). */
    logFactor: doublePrecision().notNull().default(0),
    scored: integer().notNull().default(0),
    missed: integer().notNull().default(0),
    /** Newest actual scored so far: the next update scores only later ones. */
    scoredThrough: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.modelVersionId, t.level] })],
);
