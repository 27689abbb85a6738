/**
 * Time-boxed hyper-parameter search for the GBDT forecaster.
 *
 * Random search (Bergstra & Bengio 2012, "Random search for hyper-parameter optimization") over learning
 * rate, leaves, leaf size, row/feature subsampling and L2, with two refinements: trial 0 is the library's
 * default configuration (so the search can only improve on it), and after a few random trials half of the
 * new trials perturb the best configuration so far (a cheap exploit step in the spirit of TPE's
 * "sample near the good ones"). Every fit early-stops on its inner validation split; the trial score is
 * MASE on the held-out last `horizon` values, which no fit sees. No trial starts once `budgetMs` is spent.
 */
import { covariateFeatures, type TrainingCovariates } from "./features";
import { createGbdtForecaster, defaultGbdtForecastParams } from "@/ml/models/gbdt-forecaster";
import { mae, seasonalScale } from "@/ml/metrics";
import { mulberry32 } from "@/ml/stats/random";
import { truncateSeries } from "@/ml/series/split";
import type { GbdtParams } from "@/ml/gbdt/train";
import type { Series } from "@/ml/types";
import type { LossPoint } from "@/db/schema";

export type SearchParams = Pick<
  GbdtParams,
  "learningRate" | "maxLeaves" | "minDataInLeaf" | "featureFraction" | "baggingFraction" | "lambdaL2"
>;

export interface Trial {
  name: string;
  params: SearchParams;
  validMase: number;
  trees: number;
  seconds: number;
}

export interface SearchOptions {
  seasonLengths: number[];
  horizon: number;
  maxTrials: number;
  budgetMs: number;
  maxTrees: number;
  earlyStoppingRounds: number;
  maxRows: number;
  seed: number;
  /** Covariate metrics (the series carries their values). */
  covariates?: TrainingCovariates;
  /** Per boosting iteration validation loss of the running trial. */
  onLoss?: (point: LossPoint) => void;
  onTrial?: (trial: Trial, index: number) => void;
}

export interface SearchResult {
  best: Trial;
  trials: Trial[];
  stoppedBy: "trials" | "budget";
}

const LEAVES = [7, 15, 31, 63];
const LEAF_SIZES = [10, 20, 50, 100];

function logUniform(r: () => number, lo: number, hi: number): number {
  return Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo)));
}

export function defaultSearchParams(): SearchParams {
  const d = defaultGbdtForecastParams;
  return {
    learningRate: d.learningRate!,
    maxLeaves: d.maxLeaves!,
    minDataInLeaf: d.minDataInLeaf!,
    featureFraction: d.featureFraction!,
    baggingFraction: d.baggingFraction!,
    lambdaL2: d.lambdaL2!,
  };
}

export function sampleParams(r: () => number): SearchParams {
  return {
    learningRate: logUniform(r, 0.02, 0.3),
    maxLeaves: LEAVES[Math.floor(r() * LEAVES.length)],
    minDataInLeaf: LEAF_SIZES[Math.floor(r() * LEAF_SIZES.length)],
    featureFraction: 0.6 + 0.4 * r(),
    baggingFraction: 0.6 + 0.4 * r(),
    lambdaL2: logUniform(r, 0.01, 10),
  };
}

/** A neighbour of `p`: multiplicative jitter on continuous values, one step on the categorical grids. */
export function perturbParams(p: SearchParams, r: () => number): SearchParams {
  const step = (grid: number[], v: number) => {
    const i = Math.max(0, grid.indexOf(v));
    const j = Math.min(grid.length - 1, Math.max(0, i + (r() < 0.5 ? -1 : 1)));
    return grid[j];
  };
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
  return {
    learningRate: clamp(p.learningRate * Math.exp((r() - 0.5) * 0.8), 0.01, 0.4),
    maxLeaves: r() < 0.5 ? p.maxLeaves : step(LEAVES, p.maxLeaves),
    minDataInLeaf: r() < 0.5 ? p.minDataInLeaf : step(LEAF_SIZES, p.minDataInLeaf),
    featureFraction: clamp(p.featureFraction + (r() - 0.5) * 0.2, 0.5, 1),
    baggingFraction: clamp(p.baggingFraction + (r() - 0.5) * 0.2, 0.5, 1),
    lambdaL2: clamp(p.lambdaL2 * Math.exp((r() - 0.5) * 1.5), 0.001, 50),
  };
}

export function gbdtOptions(params: SearchParams, opts: Pick<SearchOptions, "maxTrees" | "earlyStoppingRounds" | "maxRows" | "covariates">) {
  const features = covariateFeatures(opts.covariates);
  return {
    gbdt: { ...params, numTrees: opts.maxTrees, earlyStoppingRounds: opts.earlyStoppingRounds },
    maxRows: opts.maxRows,
    ...(features.pastCovariates ? { features } : {}),
  };
}

export async function searchHyperparameters(series: Series, opts: SearchOptions): Promise<SearchResult> {
  const H = opts.horizon;
  const n = series.values.length;
  const train = truncateSeries(series, n - H);
  const actual = series.values.subarray(n - H);
  const scale = seasonalScale(train.values, opts.seasonLengths[0] ?? 1) || 1;
  const rand = mulberry32(opts.seed + 7919);
  const started = performance.now();
  const trials: Trial[] = [];
  let stoppedBy: SearchResult["stoppedBy"] = "trials";
  for (let k = 0; k < opts.maxTrials; k++) {
    if (k > 0 && performance.now() - started >= opts.budgetMs) {
      stoppedBy = "budget";
      break;
    }
    const best = trials.reduce<Trial | null>((b, t) => (!b || t.validMase < b.validMase ? t : b), null);
    const params = k === 0 ? defaultSearchParams() : k >= 4 && best && rand() < 0.5 ? perturbParams(best.params, rand) : sampleParams(rand);
    const name = `trial-${k}`;
    const t0 = performance.now();
    let trees = 0;
    // refit: false keeps the trial's model the early-stopped one, so the curve is a pure validation curve.
    const model = createGbdtForecaster({ ...gbdtOptions(params, opts), refit: false });
    await model.fit([train], {
      seasonLengths: opts.seasonLengths,
      horizon: H,
      seed: opts.seed + k,
      onProgress: (e) => {
        if (e.iteration === undefined || e.validLoss === undefined) return;
        trees = Math.max(trees, e.iteration + 1);
        opts.onLoss?.({ candidate: name, iteration: e.iteration, validLoss: e.validLoss });
      },
    });
    const [f] = await model.forecast(H, []);
    const trial: Trial = { name, params, validMase: mae(actual, f.mean) / scale, trees: model.getModels().mean.trees.length || trees, seconds: (performance.now() - t0) / 1000 };
    trials.push(trial);
    opts.onTrial?.(trial, k);
  }
  const scored = trials.filter((t) => Number.isFinite(t.validMase));
  const best = (scored.length ? scored : trials).reduce((b, t) => (t.validMase < b.validMase ? t : b));
  return { best, trials, stoppedBy };
}
