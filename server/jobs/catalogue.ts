/**
 * The job catalogue: every job the app can start, by its stable id, with the zod schema of its payload.
 * The job definitions (inngest/jobs/*) take their payload schema from here, and `Dispatch` (./dispatch.ts)
 * is typed from it, so `dispatch("train-model", payload)` is checked at compile time against the schema the
 * runtime parses it with.
 */
import { z } from "zod";
import { trainModelPayloadSchema } from "@/server/training/schemas";
import { evaluateAlertsPayloadSchema } from "@/server/alerts/schemas";
import { forecastTickersPayloadSchema } from "@/server/markets/schemas";
import { computeDriftPayloadSchema } from "@/server/monitoring/schemas";
import { checkDeploymentPayloadSchema } from "@/server/deployment/schemas";

export const jobPayloadSchemas = {
  "train-model": trainModelPayloadSchema,
  "retrain-scheduled": z.object({
    assetId: z.uuid().optional(),
    minNewPoints: z.number().int().min(1).max(10_000_000).optional(),
    driftFactor: z.number().positive().max(1_000).optional(),
    trainOptions: z.record(z.string(), z.unknown()).optional(),
  }),
  "ingest-scheduled": z.object({ sourceId: z.uuid().optional() }),
  backfill: z.object({
    sourceId: z.uuid(),
    /** Steps per request. */
    chunkSteps: z.number().int().min(1).max(100_000).default(1000),
    /** Pause between requests (the rate limit). */
    delayMs: z.number().int().min(0).max(3_600_000).default(1000),
  }),
  "refresh-forecasts": z.object({ modelId: z.uuid().optional() }),
  "evaluate-alerts": evaluateAlertsPayloadSchema,
  "forecast-tickers": forecastTickersPayloadSchema,
  "compute-drift": computeDriftPayloadSchema,
  "check-deployment": checkDeploymentPayloadSchema,
} as const;

export type JobName = keyof typeof jobPayloadSchemas;
export const JOB_NAMES = Object.keys(jobPayloadSchemas) as JobName[];

/** What a caller passes to dispatch (defaults may be left out). */
export type JobPayload<J extends JobName> = z.input<(typeof jobPayloadSchemas)[J]>;
/** What the job's handler receives (defaults applied). */
export type ParsedJobPayload<J extends JobName> = z.output<(typeof jobPayloadSchemas)[J]>;
