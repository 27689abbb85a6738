/**
 * The ingest domain's zod schemas: the normalized batch every source produces, the REST push bodies
 * (three accepted shapes) and the CSV import options.
 */
import { z } from "zod";
import { ASSET_KINDS, QUALITY } from "@/db/schema";
import { metricSchema, slugSchema, timeZoneSchema } from "@/server/assets/schemas";
import { TIMESTAMP_FORMATS } from "./parse-timestamp";

const qualitySchema = z
  .number()
  .int()
  .min(0)
  .max(Math.max(...Object.values(QUALITY)));

/** A point after parsing: epoch milliseconds. */
export const normalizedPointSchema = z.object({
  tsMs: z.number().int(),
  value: z.number().refine(Number.isFinite, "value must be a finite number"),
  quality: qualitySchema.optional(),
});

export const seriesBatchSchema = z.object({
  metric: metricSchema,
  unit: z.string().max(32).nullish(),
  points: z.array(normalizedPointSchema).max(1_000_000),
});
export type SeriesBatch = z.infer<typeof seriesBatchSchema>;
export type NormalizedPoint = z.infer<typeof normalizedPointSchema>;

/** A timestamp as sent over REST: ISO-8601 text with `Z`/offset, or epoch seconds / milliseconds. */
const timestampInput = z.union([z.string().min(1).max(64), z.number()]);
/** Values: JSON numbers. null means "no reading" and is skipped like an empty CSV cell. */
const valueInput = z.number().refine(Number.isFinite, "must be a finite number").nullable();

export const restPointSchema = z.object({
  timestamp: timestampInput,
  value: valueInput,
  quality: qualitySchema.optional(),
});

/** `{metric, unit?, points: [{timestamp, value}]}` */
export const restSeriesBodySchema = z.object({
  metric: metricSchema,
  unit: z.string().max(32).nullish(),
  points: z.array(restPointSchema).max(1_000_000),
});

/** `[{timestamp, value}]` with `?metric=`. */
export const restPointsBodySchema = z.array(restPointSchema).max(1_000_000);

/** Wide rows: `[{timestamp, <metric>: value, ...}]`. */
export const restWideRowSchema = z
  .object({ timestamp: timestampInput })
  .catchall(valueInput)
  .refine((row) => Object.keys(row).length > 1, "a row needs at least one metric besides timestamp");
export const restWideBodySchema = z.array(restWideRowSchema).max(1_000_000);

/** Column names and cell texts are header/cell sized; lists are bounded by how many columns a CSV can sensibly have. */
const columnName = z.string().min(1).max(256);
const MAX_COLUMNS = 1_000;

const csvMetricSchema = z.object({
  column: columnName,
  metric: metricSchema.optional(),
  unit: z.string().max(32).optional(),
});

const booleanish = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")]);

export const csvImportOptionsSchema = z.object({
  /** Column holding the timestamp; default: `timestamp`, `ts`, `time`, `date` or `datetime` if present, else the first column. */
  timestampColumn: columnName.optional(),
  timestampFormat: z.enum(TIMESTAMP_FORMATS).default("auto"),
  /** IANA zone for naive timestamps; default the asset's zone. */
  timezone: timeZoneSchema.optional(),
  dateOnly: z.enum(["utc", "local"]).default("utc"),
  /** Which columns are metrics (with optional rename and unit); default every other column. */
  metrics: z.array(csvMetricSchema).min(1).max(MAX_COLUMNS).optional(),
  /** Columns to leave out when `metrics` is not given (e.g. a text label). */
  ignoreColumns: z.array(z.string().max(256)).max(MAX_COLUMNS).default([]),
  /** Cell texts that mean "no reading". */
  missingValues: z.array(z.string().max(64)).max(50).default(["", "NA", "NaN", "null"]),
  /** Skip missing cells (default) or reject the import when one is found. */
  skipMissing: booleanish.default(true),
  delimiter: z.string().length(1).default(","),
  source: z.string().min(1).max(64).default("csv"),
});
export type CsvImportOptions = z.input<typeof csvImportOptionsSchema>;
export type ResolvedCsvImportOptions = z.output<typeof csvImportOptionsSchema>;

// ---- REST POST /api/v1/assets/{assetId}/observations ----

/** The push body: one of the three accepted shapes (see parse-push-body.ts). */
export const pushObservationsBodySchema = z
  .union([restSeriesBodySchema.meta({ id: "SeriesPush" }), restPointsBodySchema.meta({ id: "PointsPush" }), restWideBodySchema.meta({ id: "WideRowsPush" })])
  .meta({ id: "PushObservationsRequest" });

/** `?metric=` names the metric of a bare points array; `?unit=` its unit. */
export const pushObservationsQuerySchema = z.object({ metric: z.string().optional(), unit: z.string().optional() }).meta({ id: "PushObservationsQuery" });

/** What an ingest run reports (runIngest's IngestResult). */
export const ingestResultSchema = z
  .object({
    runId: z.uuid(),
    source: z.string(),
    assetId: z.uuid(),
    rowsAccepted: z.number().int(),
    rowsRejected: z.number().int(),
    rowsInserted: z.number().int(),
    rowsUpdated: z.number().int(),
    rowsUnchanged: z.number().int(),
    duplicates: z.number().int(),
    series: z.array(z.object({ metric: z.string(), seriesId: z.uuid() })),
    /** Job runs queued to refresh the forecasts of the champion models this data made stale (one per model per minute). */
    forecastRefreshes: z.array(z.uuid()).optional(),
  })
  .meta({ id: "IngestResult" });
export type IngestResultBody = z.output<typeof ingestResultSchema>;

// ---- REST POST /api/v1/imports ----

/** Query (or multipart form fields) of a CSV import: the asset and the import options as text (csv-options-from-fields.ts). */
export const csvImportQuerySchema = z
  .object({
    asset: z.string().describe("The asset's id or slug"),
    timestampColumn: z.string().optional(),
    timestampFormat: z.enum(TIMESTAMP_FORMATS).optional(),
    timezone: z.string().optional(),
    dateOnly: z.enum(["utc", "local"]).optional(),
    metrics: z.string().optional().describe("JSON array of {column, metric?, unit?}, or comma-separated column[=metric][:unit]"),
    ignoreColumns: z.string().optional().describe("JSON array or comma-separated"),
    missingValues: z.string().optional().describe("JSON array or comma-separated"),
    skipMissing: z.enum(["true", "false", "1", "0"]).optional(),
    delimiter: z.string().optional(),
    source: z.string().optional(),
  })
  .meta({ id: "CsvImportQuery" });

export const csvImportResultSchema = ingestResultSchema
  .extend({ rowsRead: z.number().int(), cellsMissing: z.number().int() })
  .meta({ id: "CsvImportResult" });
export type CsvImportResultBody = z.output<typeof csvImportResultSchema>;

// ---- tRPC imports.csv ----

export const csvImportInputSchema = (maxBytes: number) =>
  z
    .object({
      /** Slug of the asset the file belongs to. A UUID-shaped slug would be looked up as an asset id, never found. */
      assetSlug: slugSchema,
      /** Set to create the asset when no asset has this slug yet. */
      newAsset: z
        .object({ name: z.string().trim().min(1).max(200), kind: z.enum(ASSET_KINDS), timezone: timeZoneSchema.default("UTC") })
        .optional(),
      /** The file's text. Uploads go through JSON, so the same byte limit as REST ingestion applies. */
      csv: z
        .string()
        .min(1, "The file is empty")
        .refine((s) => Buffer.byteLength(s) <= maxBytes, `The file is larger than ${maxBytes} bytes`),
      options: csvImportOptionsSchema.omit({ source: true }).partial().optional(),
    })
    .meta({ id: "CsvImportInput" });

export const csvImportOutputSchema = z
  .object({
    runId: z.uuid(),
    assetSlug: z.string(),
    rowsRead: z.number().int(),
    rowsAccepted: z.number().int(),
    rowsInserted: z.number().int(),
    rowsUpdated: z.number().int(),
    rowsUnchanged: z.number().int(),
    cellsMissing: z.number().int(),
    series: z.array(z.object({ metric: z.string(), seriesId: z.uuid() })),
    /** Job runs queued to refresh the forecasts this data made stale. */
    forecastRefreshes: z.array(z.uuid()).optional(),
  })
  .meta({ id: "CsvImportOutput" });
