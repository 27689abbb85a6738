/** Request and response shapes of the IoT predict API (the seed's contract, snake_case). */
import { z } from "zod";

export const MAX_HISTORY_POINTS = 50_000;
export const MAX_BATCH_ITEMS = 100;

const reading = z
  .object({
    timestamp: z.union([z.string().min(1).max(64), z.number()]),
    value: z.number().nullable(),
  })
  .catchall(z.union([z.number(), z.string(), z.null(), z.boolean()]));

export const predictBody = z.object({
  /** Posted history the champion is applied to; omitted = the stored history. Never stored. */
  historical_data: z.array(reading).min(1).max(MAX_HISTORY_POINTS).optional(),
  forecast_horizon: z.number().int().min(1).max(10_000),
  metric: z.string().min(1).max(100).optional(),
  levels: z.array(z.number().gt(0).lt(100)).min(1).max(5).default([80, 95]),
  /** Values of known-in-advance covariates for the forecast steps, one object per step. */
  future_covariates: z.array(z.record(z.string(), z.union([z.number(), z.string(), z.null()]))).max(10_000).optional(),
});
export type PredictBody = z.infer<typeof predictBody>;

/** One forecast step: `timestamp`, `predicted_value`, and `lower_<level>` / `upper_<level>` per requested level. */
export const forecastDatum = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type ForecastDatum = { timestamp: string; predicted_value: number } & Record<string, string | number | null>;

export const predictResponse = z.object({
  asset_id: z.string(),
  metric: z.string(),
  model: z.object({ version_id: z.string(), version: z.number().int(), kind: z.string() }),
  origin: z.string(),
  /** Whether the stored history has readings newer than the forecast's origin (never true with posted data). */
  stale: z.boolean(),
  history: z.enum(["posted", "stored"]),
  forecast_data: z.array(forecastDatum),
});
export type PredictResponse = Omit<z.infer<typeof predictResponse>, "forecast_data"> & { forecast_data: ForecastDatum[] };

export const batchBody = z.object({
  items: z
    .array(predictBody.extend({ asset_id: z.string().min(1).max(200) }))
    .min(1)
    .max(MAX_BATCH_ITEMS),
});
export type BatchBody = z.infer<typeof batchBody>;
