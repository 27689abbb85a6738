/**
 * Request and response schemas of the tRPC models router (the model registry's procedures). Row shapes come
 * from the Drizzle tables (drizzle-zod), with the JSON columns validated by their own schemas.
 */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { backtestPlotSchema, featureSpecSchema } from "@/db/schema/json-columns";
import { assetKind, models, modelVersions, modelVersionState, type BacktestMetrics, type TrainingSnapshot } from "@/db/schema";
import type { ModelVersion } from "@/server/registry";
import type { ServedForecastView } from "@/server/forecasts/served-forecast";
import type { ModelListing } from "./get-model-listing";

const jsonObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const trainingSnapshotSchema = z.object({
  seriesId: z.uuid(),
  fromTs: z.string(),
  toTs: z.string(),
  rowCount: z.number().int().nonnegative(),
  contentHash: z.string(),
  stepMs: z.number().positive(),
}) satisfies z.ZodType<TrainingSnapshot>;

/** Metric name → value per horizon label; NaN (stored as null) is refused by the type, so checked as objects of objects. */
const backtestMetricsSchema = z.custom<BacktestMetrics>((v) => jsonObject(v) && Object.values(v).every(jsonObject), "backtest metrics: an object per horizon label");

/** An untrained version's feature spec and calibration are `{}`. */
const emptyObject = z.object({}).strict() as z.ZodType<Record<string, never>>;

export const modelRowSchema = createSelectSchema(models);

export const modelListingSchema = modelRowSchema.extend({
  assetSlug: z.string(),
  assetName: z.string(),
  champion: z.object({ modelId: z.uuid(), id: z.uuid(), version: z.number().int() }).nullable(),
}) satisfies z.ZodType<ModelListing>;

const versionColumns = {
  parameters: z.record(z.string(), z.unknown()),
  featureSpec: z.union([featureSpecSchema, emptyObject]),
  trainingSnapshot: trainingSnapshotSchema.nullable(),
  backtestMetrics: backtestMetricsSchema,
  calibration: z.custom<ModelVersion["calibration"]>(jsonObject, "calibration: an object"),
  backtestPlot: backtestPlotSchema.nullable(),
  manifest: z.custom<ModelVersion["manifest"]>((v) => v === null || jsonObject(v), "manifest: an object or null"),
  error: z.unknown(),
};

export const modelVersionSchema = createSelectSchema(modelVersions, versionColumns);
// The parsed row is the table's row type (a `satisfies` here is too deep for the compiler).
const versionRowMatches: z.infer<typeof modelVersionSchema> extends ModelVersion ? (ModelVersion extends z.infer<typeof modelVersionSchema> ? true : false) : false = true;
void versionRowMatches;

/** A version in a model's version list (without the bulky plot, spec, calibration and manifest). */
export const modelVersionSummarySchema = modelVersionSchema.pick({
  id: true,
  modelId: true,
  version: true,
  state: true,
  algorithm: true,
  parameters: true,
  backtestMetrics: true,
  trainingSnapshot: true,
  artifactSha256: true,
  jobRunId: true,
  createdAt: true,
  trainedAt: true,
  promotedAt: true,
  error: true,
});

export const listModelsInputSchema = z
  .object({
    assetId: z.uuid().optional(),
    /** Free-text search over model name (asset and metric), asset, kind, champion algorithm and tags. */
    q: z.string().max(200).optional(),
    kind: z.enum(assetKind.enumValues).optional(),
    status: z.enum(modelVersionState.enumValues).optional(),
    tag: z.string().max(32).optional(),
  })
  .default({});

export const setModelTagsInputSchema = z.object({ modelId: z.uuid(), tags: z.array(z.string().max(64)).max(50) });
export const setModelTagsOutputSchema = z.object({ modelId: z.uuid(), tags: z.array(z.string()) });
export const listModelsOutputSchema = z.array(modelListingSchema);

export const modelIdInputSchema = z.object({ modelId: z.uuid() });
export const versionIdInputSchema = z.object({ versionId: z.uuid() });

/** Realised interval coverage of a version's served forecasts, per promised level (server/forecasts/realised-coverage.ts). */
export const versionCoverageInputSchema = z.object({ versionId: z.uuid(), days: z.number().int().min(1).max(365).default(30) });
export const versionCoverageOutputSchema = z.array(
  z.object({ level: z.number(), points: z.number().int(), inside: z.number().int(), ratio: z.number().nullable() }),
);

/** A version's online interval adaptation per level (server/forecasts/adapt-intervals.ts). */
export const intervalAdaptationOutputSchema = z
  .array(
    z.object({
      level: z.number(),
      factor: z.number(),
      logFactor: z.number(),
      scored: z.number().int(),
      missed: z.number().int(),
      scoredThrough: z.string().nullable(),
    }),
  )
  .meta({ id: "IntervalAdaptation" });

export const getModelOutputSchema = z.object({ model: modelListingSchema, versions: z.array(modelVersionSummarySchema) });
export const getVersionOutputSchema = z.object({ version: modelVersionSchema, model: modelListingSchema });

/** What promote and rollback answer: the version that is champion now. */
export const championChangeSchema = z.object({ id: z.uuid(), version: z.number().int(), state: modelVersionSchema.shape.state, modelId: z.uuid() });

/** The version a rollback would restore, or null. */
export const previousChampionSchema = z.object({ id: z.uuid(), version: z.number().int() }).nullable();

export const assetForecastInputSchema = z.object({ assetId: z.uuid(), metric: z.string().max(64).optional() });

const forecastPointSchema = z.object({ ts: z.string(), mean: z.number(), lower: z.record(z.string(), z.number()), upper: z.record(z.string(), z.number()) });

export const servedForecastSchema = z.object({
  modelId: z.uuid(),
  assetId: z.uuid(),
  metric: z.string(),
  horizon: z.number().int(),
  frequency: z.string(),
  version: z.object({ id: z.uuid(), number: z.number().int(), algorithm: z.string() }),
  originTs: z.string(),
  createdAt: z.string(),
  levels: z.array(z.number()),
  points: z.array(forecastPointSchema),
  /** True when observations newer than `originTs` have arrived (a refresh is pending): not current. */
  stale: z.boolean(),
  latestObservationTs: z.string().nullable(),
}) satisfies z.ZodType<ServedForecastView>;

export const assetForecastOutputSchema = servedForecastSchema.nullable();
