/** Schemas of the monitoring domain: each champion's realised accuracy and coverage next to its backtest promise. */
import { z } from "zod";
import { driftBand, driftKind, driftStatistic } from "@/db/schema/monitoring";

export const monitorModelsInputSchema = z.object({ days: z.number().int().min(1).max(365).default(30) }).default({ days: 30 });

const stepAccuracySchema = z.object({ step: z.number().int(), points: z.number().int(), mae: z.number(), smape: z.number(), bias: z.number() });

export const monitoredCoverageSchema = z.object({
  level: z.number(),
  points: z.number().int(),
  inside: z.number().int(),
  ratio: z.number(),
  /** Where the realised coverage of `points` actuals falls 95 % of the time if the promise holds (normal approximation to the binomial). */
  band: z.tuple([z.number(), z.number()]),
  /** Realised coverage below the band: the intervals are narrower than promised. */
  belowPromise: z.boolean(),
});

export const monitoredModelSchema = z.object({
  modelId: z.uuid(),
  assetSlug: z.string(),
  assetName: z.string(),
  metric: z.string(),
  horizon: z.number().int(),
  version: z.object({ id: z.uuid(), number: z.number().int(), algorithm: z.string() }),
  backtest: z.object({ maeStep1: z.number().nullable(), smape: z.number().nullable(), mase: z.number().nullable() }),
  realised: z.object({ points: z.number().int(), mae: z.number(), smape: z.number(), bias: z.number(), steps: z.array(stepAccuracySchema) }).nullable(),
  /** Realised step-1 MAE ÷ backtest step-1 MAE (above 1: worse than promised). */
  maeRatio: z.number().nullable(),
  coverage: z.array(monitoredCoverageSchema),
  /** The target since training against the training window (ml/drift: Evidently's default test), null with under 30 new readings. */
  inputDrift: z
    .object({
      method: z.enum(["ks", "wasserstein"]),
      statistic: z.number(),
      pValue: z.number().optional(),
      threshold: z.number(),
      drift: z.boolean(),
      psi: z.number(),
      psiBand: z.enum(["stable", "moderate", "significant"]),
      jensenShannon: z.number(),
      referenceSize: z.number().int(),
      currentSize: z.number().int(),
    })
    .nullable(),
});
export type MonitoredModel = z.infer<typeof monitoredModelSchema>;

export const monitorModelsOutputSchema = z.array(monitoredModelSchema);

/** compute-drift's payload: the hourly cron passes nothing (every champion); an ingest passes the series it wrote. */
export const computeDriftPayloadSchema = z.object({
  modelIds: z.array(z.uuid()).max(1_000).optional(),
  seriesIds: z.array(z.uuid()).max(1_000).optional(),
  now: z.iso.datetime().optional(),
  residualFactor: z.number().min(1).max(100).optional(),
  staleIntervals: z.number().int().min(1).max(10_000).optional(),
});

export const driftKindSchema = z.enum(driftKind.enumValues);
export const driftStatisticSchema = z.enum(driftStatistic.enumValues);
export const driftBandSchema = z.enum(driftBand.enumValues);

export const driftScoresInputSchema = z
  .object({ modelId: z.uuid().optional(), versionId: z.uuid().optional(), days: z.number().int().min(1).max(365).default(30) })
  .refine((v) => v.modelId || v.versionId, { message: "give modelId or versionId", path: ["modelId"] });

export const driftScoreSchema = z.object({
  id: z.number().int(),
  modelId: z.uuid(),
  modelVersionId: z.uuid(),
  kind: driftKindSchema,
  subject: z.string(),
  isTarget: z.boolean(),
  statistic: driftStatisticSchema,
  /** The statistic (KS D, χ², z, a distance, a ratio, a count). */
  value: z.number(),
  /** p-value tests (ks, chi_squared, z): drift when the p-value is below `threshold`. */
  pValue: z.number().nullable(),
  threshold: z.number(),
  thresholdHigh: z.number().nullable(),
  band: driftBandSchema,
  referenceFrom: z.date().nullable(),
  referenceTo: z.date().nullable(),
  currentFrom: z.date().nullable(),
  currentTo: z.date().nullable(),
  referenceSize: z.number().int().nullable(),
  currentSize: z.number().int().nullable(),
  computedAt: z.date(),
});
export type DriftScoreView = z.infer<typeof driftScoreSchema>;
export const driftScoresOutputSchema = z.array(driftScoreSchema);
