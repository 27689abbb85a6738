/**
 * zod schemas of the JSON columns a served model version depends on. The columns are typed with
 * `.$type<>()` in registry.ts; these schemas are parsed where those columns are read for serving
 * (server/registry/serving-data.ts), so a row written by an older code version fails loudly instead of
 * flowing on as a wrongly shaped object.
 */
import { z } from "zod";
import type { FeatureSpec } from "@/ml/features/spec";

export const featureSpecSchema = z.object({
  format: z.literal("almanac-features"),
  version: z.literal(1),
  strategy: z.enum(["direct", "recursive"]),
  horizon: z.number().int().positive(),
  seasonLengths: z.array(z.number().int().positive()),
  lags: z.array(z.number().int().positive()),
  seasonalCycles: z.number().int().nonnegative(),
  rollingWindows: z.array(z.number().int().positive()),
  rollingStats: z.array(z.enum(["mean", "std", "min", "max"])),
  fourierOrder: z.number().int().nonnegative(),
  calendar: z.boolean(),
  pastCovariates: z.array(z.string()),
  futureCovariates: z.array(z.string()),
  scaling: z.enum(["standardize", "mean-abs"]),
  target: z.enum(["seasonal-delta", "level"]),
  diffWindow: z.number().int().nonnegative(),
  scaleWindow: z.number().int().positive(),
  includeLogScale: z.boolean(),
  names: z.array(z.string()),
}) satisfies z.ZodType<FeatureSpec>;

/**
 * Split-conformal calibration (server/training/calibrate.ts). JSON stores an infinite half-width (too few
 * scores) as null; it is read back as Infinity, which serving leaves unbounded exactly as it did null.
 */
export const calibrationSchema = z.object({
  method: z.literal("split-conformal-scaled"),
  scaleSeasonLength: z.number().int().positive(),
  scoresPerStep: z.number().int().nonnegative(),
  halfWidths: z.record(z.string(), z.array(z.number().nullable().transform((w) => w ?? Number.POSITIVE_INFINITY))),
  fallback: z.record(z.string(), z.literal("random-walk")).optional(),
});

export type StoredCalibration = z.infer<typeof calibrationSchema>;

/** Backtest plot data of a version (the last fold's test window), for the version page. */
export const backtestPlotSchema = z.object({
  /** ISO timestamps of the plotted steps. */
  ts: z.array(z.string()),
  actual: z.array(z.number()),
  forecast: z.array(z.number()),
  baseline: z.array(z.number()),
});

export type BacktestPlot = z.infer<typeof backtestPlotSchema>;
