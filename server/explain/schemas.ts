/**
 * Named schemas of explanations: the `explain` query of GET /api/v1/assets/{assetId}/forecast and the
 * per-step waterfalls it adds, and a version's global importance (the version page). Contributions are in
 * the target's units: SHAP values of the model's normalised output times each row's scale (see
 * explain-forecast.ts), so expectedValue + Σ contributions = the step's prediction.
 */
import { z } from "zod";
import { assetForecastQuery, assetForecastResponse } from "@/server/forecasts/schemas";

export const explainForecastQuery = assetForecastQuery
  .extend({
    /** "true" adds `explanation` (TreeSHAP waterfalls per forecast step) to the forecast. */
    explain: z.enum(["true", "false"]).default("false"),
    /** Features listed by name per step; the others are summed into `rest`. */
    top: z.coerce.number().int().min(1).max(50).default(10),
  })
  .meta({ id: "ExplainForecastQuery" });
export type ExplainForecastQuery = z.output<typeof explainForecastQuery>;

const featureContribution = z
  .object({
    feature: z.string(),
    family: z.string(),
    /** The feature's value in the model's input row (normalised units; null when missing). */
    value: z.number().nullable(),
    contribution: z.number(),
  })
  .meta({ id: "FeatureContribution" });

const stepExplanation = z
  .object({
    ts: z.string(),
    step: z.number().int(),
    /** The served forecast's mean for this step (from the ONNX artifact, float32 output). */
    mean: z.number(),
    /** The step's expected value: the model's mean output over its training rows, in target units at this row's level and scale. */
    expectedValue: z.number(),
    /** expectedValue + Σ contributions: the trees' prediction in float64 (equals `mean` to float32 precision). */
    prediction: z.number(),
    top: z.array(featureContribution),
    rest: z.object({ contribution: z.number(), count: z.number().int() }),
  })
  .meta({ id: "ForecastStepExplanation" });

export const forecastExplanation = z
  .discriminatedUnion("available", [
    z.object({ available: z.literal(true), method: z.literal("tree-shap"), versionId: z.uuid(), steps: z.array(stepExplanation) }),
    z.object({ available: z.literal(false), reason: z.string() }),
  ])
  .meta({ id: "ForecastExplanation" });
export type ForecastExplanation = z.output<typeof forecastExplanation>;

// An intersection, so the document shows the plain forecast as its own component (allOf AssetForecast + explanation).
export const explainedAssetForecastResponse = z
  .intersection(assetForecastResponse, z.object({ explanation: forecastExplanation.optional() }))
  .meta({ id: "ExplainedAssetForecast" });
export type ExplainedAssetForecastResponse = z.output<typeof explainedAssetForecastResponse>;

export const versionImportance = z
  .discriminatedUnion("available", [
    z.object({
      available: z.literal(true),
      method: z.literal("tree-shap"),
      /** Feature rows the mean |SHAP| is taken over (recent origins of the training window, all steps). */
      rows: z.number().int(),
      features: z.array(z.object({ feature: z.string(), family: z.string(), meanAbsShap: z.number() })),
      families: z.array(z.object({ family: z.string(), features: z.array(z.string()), meanAbsShap: z.number() })),
    }),
    z.object({ available: z.literal(false), reason: z.string() }),
  ])
  .meta({ id: "VersionImportance" });
export type VersionImportance = z.output<typeof versionImportance>;
