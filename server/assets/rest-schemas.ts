/**
 * Named request/response schemas of the asset REST routes added for integrators (the series listing and a
 * series' points). They live here rather than in ./schemas.ts only because that file is being reworked in
 * parallel; the routes and the OpenAPI document both use these.
 */
import { z } from "zod";

const isoTime = z.iso.datetime({ offset: true });

/** GET /api/v1/assets/{assetId}/series — keyset pages by metric name. */
export const assetSeriesQuery = z
  .object({
    cursor: z.string().max(80).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .meta({ id: "AssetSeriesQuery" });

export const assetSeriesItem = z
  .object({
    id: z.uuid(),
    metric: z.string(),
    unit: z.string().nullable(),
    /** Spacing such as `30m` or `1h`; null when irregular or unknown. */
    frequency: z.string().nullable(),
    point_count: z.number().int().nonnegative(),
    first_timestamp: isoTime.nullable(),
    last_timestamp: isoTime.nullable(),
  })
  .meta({ id: "AssetSeries" });

export const assetSeriesPage = z
  .object({
    asset: z.object({ id: z.uuid(), slug: z.string() }),
    items: z.array(assetSeriesItem),
    next_cursor: z.string().nullable(),
  })
  .meta({ id: "AssetSeriesPage" });
export type AssetSeriesPage = z.output<typeof assetSeriesPage>;

/** GET /api/v1/assets/{assetId}/series/{metric}: from/to are ISO-8601 or epoch seconds/ms (checked by the route). */
export const seriesPointsQuery = z
  .object({
    from: z.string().optional().describe("Inclusive; ISO-8601 (naive: the asset's zone) or epoch seconds/ms"),
    to: z.string().optional().describe("Exclusive; same forms as `from`"),
    limit: z.string().regex(/^\d+$/).optional().describe("At most this many points"),
  })
  .meta({ id: "SeriesPointsQuery" });

export const seriesPointsResponse = z
  .object({
    asset: z.object({ id: z.uuid(), slug: z.string(), timezone: z.string() }),
    series: z.object({ id: z.uuid(), metric: z.string(), unit: z.string().nullable(), frequency: z.string().nullable() }),
    points: z.array(z.object({ timestamp: isoTime, value: z.number(), quality: z.number().int() })),
  })
  .meta({ id: "SeriesPoints" });
export type SeriesPointsResponse = z.output<typeof seriesPointsResponse>;
