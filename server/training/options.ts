/**
 * Training-job options. Defaults are sized for a production run on a few cores; tests and CI pass small
 * values (few trials, a short search budget, few trees) through the same fields.
 */
import { z } from "zod";
import { metricSchema } from "@/server/assets/schemas";

/** Local models `auto` may be restricted to (ml/models/registry.ts names). */
export const AUTO_CANDIDATES = ["naive", "seasonal-naive", "drift", "theta", "otm", "dotm", "ets", "arima", "mstl", "croston", "sba", "tsb"] as const;

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

/** Model families a training job can run: the tuned GBDT (ONNX), or `auto` over the classical local models. */
export const TRAINING_ALGORITHMS = ["gbdt", "auto"] as const;

export const trainOptionsSchema = z.object({
  /**
   * `gbdt` (default): a hyper-parameter search over one gradient-boosted model, served as ONNX. `auto`: the
   * engine's candidates for one series (seasonal naive, Theta, ETS, ARIMA, MSTL, Croston/TSB for intermittent
   * data, and their mean/median combinations), backtested on rolling origins; the pick is served from a state
   * artifact.
   */
  algorithm: z.enum(TRAINING_ALGORITHMS).default("gbdt"),
  /** With `auto`: restrict the candidates to these registry names (default: auto's plan for the series). */
  candidates: z.array(z.enum(AUTO_CANDIDATES)).min(1).max(AUTO_CANDIDATES.length).optional(),
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
   * A new version replaces the champion automatically only when its validation MASE beats the champion's on the
   * same backtest windows by more than this fraction (server/training/promotion.ts).
   */
  promotionMargin: z.number().min(0).max(0.9).default(0.05),
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

/** Options that only one algorithm reads, named when set for the other (a clear 400, not a silent no-op). */
export function algorithmOptionIssues(o: TrainOptionsInput): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  if (o.algorithm !== "auto" && o.candidates?.length) issues.push({ field: "candidates", message: "candidates are chosen by the auto algorithm only" });
  if (o.algorithm === "auto" && (o.covariates?.past?.length || o.covariates?.future?.length)) {
    issues.push({ field: "covariates", message: "covariates are used by the gbdt algorithm only (auto's local models forecast from the series itself)" });
  }
  return issues;
}
export type TrainOptionsInput = z.input<typeof trainOptionsSchema>;
