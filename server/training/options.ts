/**
 * Training-job options. Defaults are sized for a production run on a few cores; tests and CI pass small
 * values (few trials, a short search budget, few trees) through the same fields.
 */
import { z } from "zod";

export const trainOptionsSchema = z.object({
  /** Forecast horizon in steps; default: the shortest season (one day of half-hours = 48). */
  horizon: z.number().int().min(1).max(2000).optional(),
  /** Season lengths in steps; default: calendar seasons of the series' spacing that fit the data. */
  seasonLengths: z.array(z.number().int().min(2)).max(4).optional(),
  /** Most recent observations used (bounds time on long series). */
  maxTrainPoints: z.number().int().min(50).default(20_000),
  /** Hyper-parameter search: most trials, and a wall-clock budget after which no new trial starts. */
  maxTrials: z.number().int().min(1).max(200).default(12),
  searchBudgetMs: z.number().int().min(0).default(120_000),
  /** Cap on boosting rounds per fit (early stopping usually ends sooner). */
  maxTrees: z.number().int().min(5).max(5000).default(400),
  earlyStoppingRounds: z.number().int().min(0).default(30),
  /** Rolling-origin backtest folds (also the conformal calibration set). */
  backtestWindows: z.number().int().min(1).max(20).default(4),
  levels: z.array(z.number().gt(0).lt(100)).min(1).default([80, 95]),
  /** Training-row cap per fit (seeded subsample). */
  maxRows: z.number().int().min(100).default(60_000),
  seed: z.number().int().default(0),
});

export type TrainOptions = z.infer<typeof trainOptionsSchema>;
export type TrainOptionsInput = z.input<typeof trainOptionsSchema>;
