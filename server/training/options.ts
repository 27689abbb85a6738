/**
 * Training-job options. Defaults are sized for a production run on a few cores; tests and CI pass small
 * values (few trials, a short search budget, few trees) through the same fields.
 */
import { z } from "zod";
import { metricSchema } from "@/server/assets/schemas";

/**
 * Upper bounds: every field is client-set (tRPC, REST, job payloads), and each one scales the time or memory of
 * a training run in one worker. They sit well above what the defaults need and below what one worker can hold
 * (maxTrainPoints float64 values plus lag features; maxRows feature rows per fit).
 */
export const TRAIN_OPTION_LIMITS = {
  horizon: 2_000,
  seasonLength: 10_000,
  seasonLengths: 4,
  maxTrainPoints: 2_000_000,
  maxTrials: 200,
  searchBudgetMs: 10 * 60_000,
  maxTrees: 5_000,
  earlyStoppingRounds: 1_000,
  backtestWindows: 20,
  levels: 8,
  covariates: 8,
  maxRows: 1_000_000,
  /** Seeds are 32-bit (signed or unsigned): larger integers would only alias. */
  seedMin: -0x8000_0000,
  seedMax: 0xffff_ffff,
} as const;
const L = TRAIN_OPTION_LIMITS;

export const trainOptionsSchema = z.object({
  /** Forecast horizon in steps; default: the shortest season (one day of half-hours = 48). */
  horizon: z.number().int().min(1).max(L.horizon).optional(),
  /** Season lengths in steps; default: calendar seasons of the series' spacing that fit the data. */
  seasonLengths: z.array(z.number().int().min(2).max(L.seasonLength)).max(L.seasonLengths).optional(),
  /** Most recent observations used (bounds time on long series). */
  maxTrainPoints: z.number().int().min(50).max(L.maxTrainPoints).default(20_000),
  /** Hyper-parameter search: most trials, and a wall-clock budget after which no new trial starts. */
  maxTrials: z.number().int().min(1).max(L.maxTrials).default(12),
  searchBudgetMs: z.number().int().min(0).max(L.searchBudgetMs).default(120_000),
  /** Cap on boosting rounds per fit (early stopping usually ends sooner). */
  maxTrees: z.number().int().min(5).max(L.maxTrees).default(400),
  earlyStoppingRounds: z.number().int().min(0).max(L.earlyStoppingRounds).default(30),
  /** Rolling-origin backtest folds (also the conformal calibration set). */
  backtestWindows: z.number().int().min(1).max(L.backtestWindows).default(4),
  levels: z.array(z.number().gt(0).lt(100)).min(1).max(L.levels).default([80, 95]),
  /** Training-row cap per fit (seeded subsample). */
  maxRows: z.number().int().min(100).max(L.maxRows).default(60_000),
  seed: z.number().int().min(L.seedMin).max(L.seedMax).default(0),
  /**
   * Other metrics of the asset used as features: `past` ones read at the forecast origin, `future` ones (known in
   * advance: a weather forecast, a production plan) at the target time — serving then needs their future values.
   */
  covariates: z
    .object({
      past: z.array(metricSchema).max(L.covariates).default([]),
      future: z.array(metricSchema).max(L.covariates).default([]),
    })
    .default({ past: [], future: [] }),
});

export type TrainOptions = z.infer<typeof trainOptionsSchema>;
export type TrainOptionsInput = z.input<typeof trainOptionsSchema>;
