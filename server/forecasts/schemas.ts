/** Named request/response schemas of the forecasts REST routes (the stored-forecasts listing and an asset's served forecast). */
import { z } from "zod";
import { servedForecastSchema } from "@/server/registry/schemas";

const isoTime = z.iso.datetime({ offset: true });

const forecastPointSchema = z
  .object({ ts: z.string(), mean: z.number(), lower: z.record(z.string(), z.number()), upper: z.record(z.string(), z.number()) })
  .meta({ id: "ForecastPoint" });

/** GET /api/v1/forecasts: filter by asset (id or slug) and metric; newest first, cursor pages. */
export const storedForecastsQuery = z
  .object({
    asset: z.string().min(1).max(200).optional(),
    metric: z.string().min(1).max(64).optional(),
    cursor: z.string().max(80).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .meta({ id: "StoredForecastsQuery" });

export const storedForecastItem = z
  .object({
    id: z.uuid(),
    asset: z.object({ id: z.uuid(), slug: z.string() }),
    metric: z.string(),
    model: z.object({ id: z.uuid(), version_id: z.uuid(), version: z.number().int(), kind: z.string(), state: z.string() }),
    /** Timestamp of the last observation the forecast conditions on. */
    origin: isoTime,
    horizon: z.number().int(),
    step_ms: z.number(),
    levels: z.array(z.number().int()),
    points: z.array(forecastPointSchema),
    created_at: isoTime,
  })
  .meta({ id: "StoredForecast" });

export const storedForecastPage = z.object({ items: z.array(storedForecastItem), next_cursor: z.string().nullable() }).meta({ id: "StoredForecastPage" });
export type StoredForecastPage = z.output<typeof storedForecastPage>;

/** GET /api/v1/assets/{assetId}/forecast?metric= */
export const assetForecastQuery = z.object({ metric: z.string().optional() }).meta({ id: "AssetForecastQuery" });
export const assetForecastResponse = servedForecastSchema
  .extend({ asset: z.object({ id: z.uuid(), slug: z.string() }), points: z.array(forecastPointSchema) })
  .meta({ id: "AssetForecast" });
export type AssetForecastResponse = z.output<typeof assetForecastResponse>;
