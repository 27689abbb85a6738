/**
 * The training pipeline as separately runnable stages. The train-model job (inngest/jobs/train-model.ts)
 * runs each stage as one durable step; every stage takes plain JSON in and returns plain JSON, reloading the
 * snapshot it needs (checked against its hash), so a resumed or retried job can start at any stage.
 *
 *   snapshot → features → search (fit candidates) → backtest → calibrate → export ONNX → register
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { modelVersions } from "@/db/schema";
import type { LossPoint, TrainingSnapshot } from "@/db/schema";
import { calendarSeasonLengths } from "@/ml/series/frequency";
import { getSeries } from "@/server/assets";
import type { ArtifactStore } from "@/server/serving/artifacts";
import type { InferenceClient } from "@/server/serving/inference";
import { createVersion, ensureModel, failVersion, type Actor } from "@/server/registry";
import { registerWithPromotion } from "./promotion";
import type { BacktestOutcome } from "./backtest";
import { calibrateIntervals, type Calibration } from "../../ml/conformal/calibration";
import { codeVersion } from "./code-version";
import { TrainingDataError } from "./errors";
import { fitAndExport, type ExportedVersion } from "./export-model";
import { checkTrainable, featureSpecHash, trainingFeatureSpec } from "./features";
import { formatStepMs } from "./format-step";
import { trainOptionsSchema, type TrainOptions, type TrainOptionsInput } from "./options";
import type { SearchResult } from "./search";
import { attachCovariates, NO_COVARIATES, resolveCovariates, type CovariateRefs } from "./covariates";
import { loadSnapshot, snapshotTrainingData } from "./snapshot";
import { runInWorker } from "./worker/run-in-worker";

export const ALGORITHM = "gbdt-direct";

export interface StageReporter {
  progress(update: { stage?: string; percent?: number; loss?: LossPoint[] }): Promise<void>;
  log(message: string): Promise<void>;
}

export interface PreparedTraining {
  modelId: string;
  /** Absent on runs prepared before covariates existed (they have none). */
  assetId?: string;
  versionId: string;
  seriesId: string;
  snapshot: TrainingSnapshot;
  horizon: number;
  seasonLengths: number[];
  options: TrainOptions;
  /** Covariate series (other metrics of the asset); absent on runs prepared before covariates existed. */
  covariates?: CovariateRefs;
}

/** Stage percent ranges shown on the job page. */
export const STAGES = {
  snapshot: [0, 5],
  features: [5, 10],
  search: [10, 60],
  backtest: [60, 80],
  calibrate: [80, 85],
  export: [85, 97],
  register: [97, 100],
} as const;

/**
 * Season lengths and horizon of a training run: the requested ones, or the calendar seasons of the spacing that
 * fit twice into the data (none: 1) and the shortest season as the horizon (12 steps when non-seasonal).
 */
export function settleSeasons(stepMs: number, rowCount: number, options: Pick<TrainOptions, "seasonLengths" | "horizon">): { seasons: number[]; horizon: number } {
  const seasons = (options.seasonLengths ?? calendarSeasonLengths(stepMs)).filter((m) => m * 2 < rowCount);
  if (seasons.length === 0 && !options.seasonLengths) seasons.push(1);
  if (seasons.length === 0) throw new TrainingDataError("the requested season lengths are longer than half the data", "seasonLengths");
  seasons.sort((a, b) => a - b);
  return { seasons, horizon: options.horizon ?? (seasons[0] > 1 ? seasons[0] : 12) };
}

/** Resolves the series, snapshots its data, settles horizon and seasons, and opens a `training` version. */
export async function prepareTraining(
  db: Db,
  params: { assetId: string; metric: string; options?: TrainOptionsInput; jobRunId: string; actor?: Actor },
): Promise<PreparedTraining> {
  const options = trainOptionsSchema.parse(params.options ?? {});
  const series = await getSeries(db, { assetId: params.assetId, metric: params.metric });
  const snapshot = await snapshotTrainingData(db, { seriesId: series.id, maxPoints: options.maxTrainPoints });
  const { seasons, horizon } = settleSeasons(snapshot.stepMs, snapshot.rowCount, options);
  const model = await ensureModel(db, {
    assetId: params.assetId,
    seriesId: series.id,
    metric: params.metric,
    horizon,
    frequency: series.frequency ?? formatStepMs(snapshot.stepMs),
    seasonLengths: seasons,
  });
  const covariates = await resolveCovariates(db, { assetId: params.assetId, metric: params.metric, options });
  const version = await createVersion(db, { modelId: model.id, algorithm: ALGORITHM, codeVersion: codeVersion(), jobRunId: params.jobRunId, actor: params.actor });
  return { modelId: model.id, assetId: params.assetId, versionId: version.id, seriesId: series.id, snapshot, horizon, seasonLengths: model.seasonLengths, options, covariates };
}

/** The snapshot as a regular series, with its covariates aligned on the same grid. */
async function loadTrainingSeries(db: Db, p: PreparedTraining) {
  const series = await loadSnapshot(db, p.snapshot, p.seasonLengths[0]);
  if (!p.assetId) return series;
  return attachCovariates(db, series, p.covariates ?? NO_COVARIATES, p.assetId);
}

/** Covariate names as the feature spec and the forecaster take them. */
function covariatesOf(p: PreparedTraining) {
  const c = p.covariates ?? NO_COVARIATES;
  return { past: c.past.map((r) => r.metric), future: c.future.map((r) => r.metric) };
}

export async function buildFeatures(db: Db, p: PreparedTraining) {
  const series = await loadTrainingSeries(db, p);
  const spec = trainingFeatureSpec({ seasonLengths: p.seasonLengths, horizon: p.horizon, covariates: covariatesOf(p) });
  checkTrainable(spec, series.values.length, p.options.backtestWindows);
  return { featureSpecHash: featureSpecHash(spec), featureCount: spec.names.length, featureNames: spec.names };
}

/** Buffers loss points and writes them in batches (a boosting round is milliseconds; a DB write is not). */
function lossBuffer(reporter: StageReporter, percentOf: () => number) {
  let pending: LossPoint[] = [];
  let chain = Promise.resolve();
  // Progress and log lines written while a stage runs are best-effort: a failed write is reported here and
  // the fit goes on (the stage's own result is written, and checked, after it).
  const enqueue = (what: string, write: () => Promise<void>) => {
    chain = chain.then(write).catch((err: unknown) => console.warn(`[training] could not record ${what}: ${(err as Error).message}`));
    return chain;
  };
  const flush = () => {
    if (!pending.length) return chain;
    const batch = pending;
    pending = [];
    return enqueue("loss points", () => reporter.progress({ loss: batch, percent: percentOf() }));
  };
  return {
    push(point: LossPoint) {
      pending.push(point);
      if (pending.length >= 25) void flush();
    },
    /** A job log line, written in order with the loss points. */
    log(message: string) {
      void flush();
      void enqueue("a log line", () => reporter.log(message));
    },
    flush,
  };
}

export async function fitCandidates(db: Db, p: PreparedTraining, reporter: StageReporter): Promise<SearchResult> {
  const series = await loadTrainingSeries(db, p);
  const [lo, hi] = STAGES.search;
  let done = 0;
  const total = p.options.maxTrials;
  const buffer = lossBuffer(reporter, () => lo + ((hi - lo) * done) / total);
  // Fitting is synchronous: the search runs in a worker thread and its callbacks come back here (worker/).
  const result = await runInWorker("searchHyperparameters", [
    series,
    {
      seasonLengths: p.seasonLengths,
      horizon: p.horizon,
      maxTrials: p.options.maxTrials,
      budgetMs: p.options.searchBudgetMs,
      maxTrees: p.options.maxTrees,
      earlyStoppingRounds: p.options.earlyStoppingRounds,
      maxRows: p.options.maxRows,
      seed: p.options.seed,
      covariates: covariatesOf(p),
      onLoss: (point) => buffer.push(point),
      onTrial: (trial) => {
        done++;
        buffer.log(`${trial.name}: validation MASE ${trial.validMase.toFixed(4)} with ${trial.trees} trees in ${trial.seconds.toFixed(1)} s`);
      },
    },
  ]);
  await buffer.flush();
  await reporter.log(`search stopped by ${result.stoppedBy} after ${result.trials.length} trials; best ${result.best.name} (MASE ${result.best.validMase.toFixed(4)})`);
  return result;
}

export async function runBacktest(db: Db, p: PreparedTraining, search: SearchResult): Promise<BacktestOutcome> {
  const series = await loadTrainingSeries(db, p);
  return runInWorker("backtestModel", [
    series,
    {
      searchParams: search.best.params,
      horizon: p.horizon,
      seasonLengths: p.seasonLengths,
      windows: p.options.backtestWindows,
      levels: p.options.levels,
      seed: p.options.seed,
      maxTrees: p.options.maxTrees,
      earlyStoppingRounds: p.options.earlyStoppingRounds,
      maxRows: p.options.maxRows,
      covariates: covariatesOf(p),
    },
  ]);
}

export function calibrate(p: PreparedTraining, backtest: BacktestOutcome): Calibration {
  return calibrateIntervals(backtest.scoresByStep, p.options.levels, p.seasonLengths[0]);
}

export async function exportVersion(
  deps: { db: Db; artifacts: ArtifactStore; inference: InferenceClient },
  p: PreparedTraining,
  search: SearchResult,
  calibration: Calibration,
  expectedSpecHash: string,
  reporter: StageReporter,
): Promise<ExportedVersion> {
  const series = await loadTrainingSeries(deps.db, p);
  const buffer = lossBuffer(reporter, () => STAGES.export[0]);
  const out = await fitAndExport(deps, series, {
    searchParams: search.best.params,
    horizon: p.horizon,
    seasonLengths: p.seasonLengths,
    seed: p.options.seed,
    maxTrees: p.options.maxTrees,
    earlyStoppingRounds: p.options.earlyStoppingRounds,
    maxRows: p.options.maxRows,
    covariates: covariatesOf(p),
    calibration,
    expectedSpecHash,
    onLoss: (iteration, validLoss) => buffer.push({ candidate: "final", iteration, validLoss }),
  });
  await buffer.flush();
  return out;
}

export async function registerVersion(
  db: Db,
  p: PreparedTraining,
  parts: { search: SearchResult; backtest: BacktestOutcome; calibration: Calibration; exported: ExportedVersion; actor?: Actor },
) {
  return registerWithPromotion(db, {
    modelId: p.modelId,
    margin: p.options.promotionMargin,
    versionId: p.versionId,
    algorithm: ALGORITHM,
    parameters: {
      ...parts.search.best.params,
      trees: parts.exported.trees,
      horizon: p.horizon,
      seasonLengths: p.seasonLengths,
      covariates: covariatesOf(p),
      search: { trials: parts.search.trials.length, stoppedBy: parts.search.stoppedBy, bestValidMase: parts.search.best.validMase },
    },
    featureSpec: parts.exported.featureSpec,
    featureSpecHash: parts.exported.featureSpecHash,
    trainingSnapshot: p.snapshot,
    backtestMetrics: parts.backtest.metrics,
    calibration: parts.calibration,
    backtestPlot: parts.backtest.plot,
    artifactUri: parts.exported.uri,
    artifactSha256: parts.exported.sha256,
    manifest: parts.exported.manifest,
    actor: parts.actor,
  });
}

/** Fails every still-training version a job run opened (a run opens at most one; a retried snapshot step may not). */
export async function markRunVersionsFailed(db: Db, p: { jobRunId: string; error: { name: string; message: string } }) {
  const open = await db
    .select({ id: modelVersions.id })
    .from(modelVersions)
    .where(and(eq(modelVersions.jobRunId, p.jobRunId), eq(modelVersions.state, "training")));
  for (const v of open) await failVersion(db, { versionId: v.id, error: p.error });
}
