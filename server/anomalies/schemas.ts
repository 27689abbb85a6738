/** Request and response shapes of anomaly detection (REST `detect_anomalies`; the seed's contract, snake_case). */
import { z } from "zod";

export const MAX_STREAM_POINTS = 20_000;

const streamPoint = z
  .object({
    timestamp: z.union([z.string().min(1).max(64), z.number()]),
    value: z.number().nullable(),
  })
  .catchall(z.unknown());

export const detectAnomaliesBody = z.object({
  data_stream: z.array(streamPoint).min(1).max(MAX_STREAM_POINTS),
  /** The interval level in percent: a reading outside the level-% interval is a spike. */
  sensitivity: z.number().gt(50).lt(100).optional(),
  metric: z.string().min(1).max(100).optional(),
});
export type DetectAnomaliesBody = z.infer<typeof detectAnomaliesBody>;

export const ANOMALY_KINDS = ["spike_above", "spike_below", "level_shift", "stuck", "gap"] as const;

export const anomalyOut = z.object({
  timestamp: z.string(),
  value: z.number().nullable(),
  expected: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  score: z.number(),
  kind: z.enum(ANOMALY_KINDS),
  length: z.number().int(),
  reason: z.string(),
});
export type AnomalyOut = z.infer<typeof anomalyOut>;

export const detectAnomaliesResponse = z.object({
  asset_id: z.string(),
  metric: z.string(),
  sensitivity: z.number(),
  /** Where the expectations came from: the champion model, or the robust seasonal baseline. */
  method: z.enum(["model", "seasonal-baseline"]),
  /** The champion version whose one-step forecasts gave the expectations (method "model"). */
  model: z.object({ version_id: z.string(), version: z.number().int(), kind: z.string() }).optional(),
  note: z.string().optional(),
  anomalies: z.array(anomalyOut),
});
export type DetectAnomaliesResponse = z.infer<typeof detectAnomaliesResponse>;

/** tRPC `anomalies.list`: newest first, cursor pages. */
export const listAnomaliesInput = z
  .object({
    assetId: z.uuid().optional(),
    /** One series of the asset (the chart's markers). */
    seriesId: z.uuid().optional(),
    /** Only anomalies at or after / before this time (the chart's range). */
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    open: z.boolean().optional(),
    cursor: z.string().max(80).optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .default({ limit: 100 });

export const anomalyRowSchema = z.object({
  id: z.uuid(),
  assetId: z.uuid(),
  assetSlug: z.string(),
  seriesId: z.uuid(),
  metric: z.string(),
  ts: z.date(),
  kind: z.enum(ANOMALY_KINDS),
  value: z.number().nullable(),
  expected: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  score: z.number(),
  length: z.number().int(),
  reason: z.string(),
  method: z.string(),
  detectedAt: z.date(),
  acknowledgedAt: z.date().nullable(),
});

export const listAnomaliesOutput = z.object({ items: z.array(anomalyRowSchema), nextCursor: z.string().nullable() });

export const acknowledgeAnomalyInput = z.object({ id: z.uuid() });
export const acknowledgeAnomalyOutput = z.object({ id: z.uuid(), acknowledgedAt: z.date() });

/** REST `GET /api/v1/anomalies`. */
export const anomaliesQuery = z.object({
  asset: z.string().min(1).max(200).optional(),
  open: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
  cursor: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const anomalyPage = z.object({
  items: z.array(
    anomalyOut.extend({
      id: z.uuid(),
      asset_id: z.string(),
      metric: z.string(),
      method: z.string(),
      detected_at: z.string(),
      acknowledged_at: z.string().nullable(),
    }),
  ),
  next_cursor: z.string().nullable(),
});
