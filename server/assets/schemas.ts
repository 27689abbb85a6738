/**
 * Request and response shapes of the asset domain (one home for its zod schemas): the queries, the tRPC
 * assets router and the REST routes. Row shapes come from the Drizzle tables (drizzle-zod), refined where
 * the API is stricter than the column.
 */
import { createInsertSchema, createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { assetKind, assets, observations, series } from "@/db/schema";
import { isUuid, uuidSchema } from "@/server/ids";
import { isValidTimeZone } from "@/server/ingest/time-zone";

/**
 * Lower-case letters, digits and dashes: usable in URLs in place of the uuid. A slug shaped like a UUID is
 * refused, since routes read such a segment as the asset's id and the asset could never be found by it.
 */
export const slugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "lower-case letters, digits and inner dashes only")
  .refine((s) => !isUuid(s), "a slug cannot have the shape of a UUID (it would be read as an asset id)");

/** Metric names are path segments in the REST API: keep them URL- and identifier-friendly. */
export const metricSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '_', '.', '-' only");

export const timeZoneSchema = z.string().refine(isValidTimeZone, "not an IANA time zone (e.g. Europe/London)");

/** The asset kinds (the `asset_kind` enum's values). */
export const assetKindSchema = createSelectSchema(assetKind);

/** Free-form JSON object stored on the asset row. */
const assetMetadataSchema = z.record(z.string(), z.unknown());

export const assetRowSchema = createSelectSchema(assets, { metadata: assetMetadataSchema });
export const seriesRowSchema = createSelectSchema(series);
export const observationRowSchema = createSelectSchema(observations);

/** A new asset: the table's insert shape without the generated id and timestamp, with the API's limits. */
export const createAssetSchema = createInsertSchema(assets, {
  slug: slugSchema,
  name: (s) => s.min(1).max(200),
  timezone: timeZoneSchema.default("UTC"),
  lat: z.number().min(-90).max(90).nullish(),
  lon: z.number().min(-180).max(180).nullish(),
  /** Free-form JSON, at most 16 KiB serialised (it is stored on the row and sent with every asset). */
  metadata: z
    .record(z.string().max(128), z.unknown())
    .refine((m) => JSON.stringify(m).length <= 16_384, "metadata must be at most 16 KiB of JSON")
    .default({}),
}).omit({ id: true, createdAt: true });
export type CreateAssetParams = z.input<typeof createAssetSchema>;

/** `from` inclusive, `to` exclusive; either may be omitted. */
export const observationRangeSchema = z
  .object({
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    limit: z.coerce.number().int().min(1).max(1_000_000).optional(),
  })
  .refine((r) => !r.from || !r.to || r.from.getTime() < r.to.getTime(), {
    message: "`from` must be before `to`",
    path: ["from"],
  });

/** tRPC assets router: requests and responses. */
export const assetSummarySchema = assetRowSchema.pick({ id: true, slug: true, name: true, kind: true, timezone: true }).extend({
  seriesCount: z.number().int(),
  points: z.number().int(),
  lastObservationAt: z.date().nullable(),
});
export const listAssetSummariesOutputSchema = z.array(assetSummarySchema);

export const seriesSummarySchema = seriesRowSchema
  .pick({ id: true, assetId: true, metric: true, unit: true, frequency: true, source: true })
  .extend({ points: z.number().int(), firstTs: z.date().nullable(), lastTs: z.date().nullable() });
export const listSeriesOutputSchema = z.array(seriesSummarySchema);

export const assetDetailSchema = assetRowSchema.extend({ series: z.array(seriesSummarySchema) });

export const assetRefInputSchema = z.object({ idOrSlug: z.string().min(1).max(200) });
export const seriesOfAssetInputSchema = z.object({ assetId: uuidSchema });

/** Charts never need more points than pixels; larger ranges are reduced with LTTB. */
export const MAX_CHART_POINTS = 2000;

export const observationsInputSchema = z
  .object({
    seriesId: uuidSchema,
    from: z.date().optional(),
    to: z.date().optional(),
    maxPoints: z.number().int().min(3).max(20_000).default(MAX_CHART_POINTS),
  })
  .refine((r) => !r.from || !r.to || r.from < r.to, { message: "must be before `to`", path: ["from"] });

export const observationsOutputSchema = z.object({
  seriesId: uuidSchema,
  /** Points in the range before downsampling. */
  totalPoints: z.number().int(),
  downsampled: z.boolean(),
  points: z.array(observationRowSchema.pick({ ts: true, value: true, quality: true })),
});

/** The asset kinds, for forms (components import values only from schema modules). */
export { ASSET_KINDS } from "@/db/schema";

/** assets.compare: several assets' series of one metric on one chart, with a ranked table. */
export const compareAssetsInputSchema = z
  .object({
    assets: z.array(z.string().min(1).max(200)).min(2).max(8),
    metric: metricSchema.optional(),
    from: z.date().optional(),
    to: z.date().optional(),
    maxPoints: z.number().int().min(3).max(5_000).default(1_000),
  })
  .refine((r) => !r.from || !r.to || r.from < r.to, { message: "must be before `to`", path: ["from"] });

const comparePoint = z.object({ ts: z.date(), value: z.number() });
export const compareAssetsOutputSchema = z
  .object({
    metric: z.string(),
    /** Metrics every chosen asset has. */
    metrics: z.array(z.string()),
    assets: z.array(
      z.object({
        asset: z.object({ id: uuidSchema, slug: z.string(), name: z.string(), timezone: z.string() }),
        seriesId: uuidSchema,
        unit: z.string().nullable(),
        frequency: z.string().nullable(),
        totalPoints: z.number().int(),
        points: z.array(comparePoint),
        stats: z.object({ latest: comparePoint.nullable(), mean: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable(), count: z.number().int() }),
      }),
    ),
  })
  .meta({ id: "AssetComparison" });
