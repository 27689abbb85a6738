/**
 * The post-promotion health check of a version, through the loaders and predict paths serving uses:
 * 1. the artifact loads: its bytes are read back from the store and verified (hash, manifest, schema);
 * 2. it answers a prediction on the newest history, as the forecast refresh makes one, inside a latency budget;
 * 3. parity: its forecast from the origin of the version's newest stored forecast reproduces that forecast's
 *    means (ONNX through server/training/artifact-parity.ts, the export stage's own check; a state through
 *    predictWithState), within `parityTolerance` relative error. A version with no stored forecast yet is held to
 *    its backtest instead: its forecast over the stored backtest window (server/training/backtest.ts's plot)
 *    must be no worse than the backtest forecast's error by more than `backtestFactor`.
 * The outcome is data, never a throw: deploy-version.ts records it and rolls back on failure.
 */
import { and, desc, eq, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { backtestPlotSchema, calibrationSchema, featureSpecSchema, forecasts, models, modelVersions, observations } from "@/db/schema";
import { historyNeeded } from "@/ml/features/spec";
import { toRegularSeries, type ObservationRow } from "@/ml/series/to-regular-series";
import type { Series } from "@/ml/types";
import { attachStoredCovariates } from "@/server/covariates/align-stored-covariates";
import type { ArtifactStore } from "@/server/serving/artifacts";
import type { InferenceClient } from "@/server/serving/inference";
import { predictWithArtifact } from "@/server/serving/predict-with-artifact";
import { predictWithState, servesFromState } from "@/server/serving/predict-with-state";
import { artifactParity } from "@/server/training/artifact-parity";

export interface HealthDeps {
  db: DbOrTx;
  artifacts: ArtifactStore;
  inference: InferenceClient;
}

export interface HealthCheckOptions {
  /** Largest relative difference from the stored forecast's means. */
  parityTolerance?: number;
  /** Largest ratio of the artifact's MAE to the backtest's over the stored backtest window. */
  backtestFactor?: number;
  /** Budget for the prediction, milliseconds. */
  latencyBudgetMs?: number;
}

export const DEFAULT_PARITY_TOLERANCE = 1e-4;
export const DEFAULT_BACKTEST_FACTOR = 1.5;
export const DEFAULT_LATENCY_BUDGET_MS = 2_000;
const MAX_STATE_HISTORY = 200_000;

export type HealthStepName = "load" | "predict" | "latency" | "parity";

export interface HealthStep {
  step: HealthStepName;
  ok: boolean;
  detail: string;
  value?: number;
  limit?: number;
}

export interface HealthReport {
  versionId: string;
  healthy: boolean;
  steps: HealthStep[];
  /** The first failed step's detail: why it was rolled back. */
  reason: string | null;
  checkedAt: string;
}

type VersionRow = typeof modelVersions.$inferSelect;
type ModelRow = typeof models.$inferSelect;

const message = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

async function history(db: DbOrTx, seriesId: string, limit: number, beforeOrAt?: Date): Promise<ObservationRow[]> {
  const rows = await db
    .select({ ts: observations.ts, value: observations.value })
    .from(observations)
    .where(and(eq(observations.seriesId, seriesId), beforeOrAt ? lte(observations.ts, beforeOrAt) : undefined))
    .orderBy(desc(observations.ts))
    .limit(limit);
  return rows.reverse();
}

/** The version's mean forecast from the end of the history up to `origin` (the newest reading when absent), as serving computes it. */
async function forecastMeans(deps: HealthDeps, model: ModelRow, version: VersionRow, origin?: Date): Promise<{ means: number[]; series: Series } | null> {
  const stepMs = version.trainingSnapshot?.stepMs;
  if (!stepMs) throw new Error("the version has no training snapshot step");
  const calibration = calibrationSchema.parse(version.calibration);
  const sha256 = version.artifactSha256!;
  if (servesFromState(version)) {
    const limit = Math.min((version.trainingSnapshot?.rowCount ?? 0) + 2 * Math.max(...model.seasonLengths, 1), MAX_STATE_HISTORY);
    const rows = await history(deps.db, model.seriesId, limit, origin);
    if (rows.length === 0) return null;
    const series = toRegularSeries(model.seriesId, rows, stepMs, model.seasonLengths[0]);
    const f = await predictWithState(deps.artifacts, { sha256, calibration, series, horizon: model.horizon });
    return { means: f.points.map((p) => p.mean), series };
  }
  const spec = featureSpecSchema.parse(version.featureSpec);
  const rows = await history(deps.db, model.seriesId, historyNeeded(spec) + 2 * Math.max(...model.seasonLengths, 1), origin);
  if (rows.length === 0) return null;
  const series = toRegularSeries(model.seriesId, rows, stepMs, model.seasonLengths[0]);
  // Future covariates come only with a predict request: such a model answers no precomputed forecast.
  if (spec.futureCovariates.length) return null;
  await attachStoredCovariates(deps.db, { assetId: model.assetId, metrics: spec.pastCovariates, series, stepMs });
  const f = await predictWithArtifact(deps.inference, { sha256, spec, calibration, series, horizon: model.horizon });
  return { means: f.points.map((p) => p.mean), series };
}

const maxRelative = (a: number[], b: number[]) => a.reduce((m, v, h) => Math.max(m, Math.abs(v - b[h]) / Math.max(Math.abs(b[h]), 1e-9)), 0);

async function parity(deps: HealthDeps, model: ModelRow, version: VersionRow, opts: Required<HealthCheckOptions>): Promise<HealthStep> {
  const [stored] = await deps.db
    .select()
    .from(forecasts)
    .where(eq(forecasts.modelVersionId, version.id))
    .orderBy(desc(forecasts.originTs))
    .limit(1);
  if (stored) {
    const reference = stored.points.map((p) => p.mean);
    let diff: number;
    if (servesFromState(version)) {
      const again = await forecastMeans(deps, model, version, stored.originTs);
      if (!again) return { step: "parity", ok: false, detail: "no history up to the stored forecast's origin" };
      diff = maxRelative(again.means.slice(0, reference.length), reference.slice(0, again.means.length));
    } else {
      const spec = featureSpecSchema.parse(version.featureSpec);
      if (spec.futureCovariates.length) return { step: "parity", ok: true, detail: "not checked: the model needs future covariates a stored forecast does not keep" };
      const again = await forecastMeans(deps, model, version, stored.originTs);
      if (!again) return { step: "parity", ok: false, detail: "no history up to the stored forecast's origin" };
      // The export stage's parity check: one onnxruntime session on the verified bytes against the reference.
      diff = await artifactParity({
        artifact: await deps.artifacts.get(version.artifactSha256!),
        spec,
        calibration: calibrationSchema.parse(version.calibration),
        series: again.series,
        horizon: Math.min(model.horizon, reference.length),
        referenceMean: Float64Array.from(reference),
      });
    }
    const ok = diff <= opts.parityTolerance;
    return { step: "parity", ok, value: diff, limit: opts.parityTolerance, detail: `largest relative difference from the stored forecast of ${stored.originTs.toISOString()}: ${diff.toExponential(2)} (tolerance ${opts.parityTolerance})` };
  }
  const plot = backtestPlotSchema.safeParse(version.backtestPlot);
  if (!plot.success || plot.data.ts.length === 0) return { step: "parity", ok: true, detail: "not checked: no stored forecast or backtest window of this version" };
  const startMs = Date.parse(plot.data.ts[0]);
  const again = await forecastMeans(deps, model, version, new Date(startMs - 1));
  if (!again) return { step: "parity", ok: false, detail: "no history before the backtest window" };
  const n = Math.min(again.means.length, plot.data.actual.length, plot.data.forecast.length);
  const mae = (f: number[]) => f.slice(0, n).reduce((s, v, i) => s + Math.abs(v - plot.data.actual[i]), 0) / n;
  const mine = mae(again.means);
  const theirs = mae(plot.data.forecast);
  // A small floor keeps a perfect backtest (MAE 0) from failing on rounding.
  const scale = plot.data.actual.slice(0, n).reduce((s, v) => s + Math.abs(v), 0) / n;
  const limit = opts.backtestFactor * theirs + 1e-9 * Math.max(scale, 1);
  return {
    step: "parity",
    ok: Number.isFinite(mine) && mine <= limit,
    value: mine,
    limit,
    detail: `MAE ${mine.toPrecision(4)} over the first ${n} steps of the backtest window against the backtest's ${theirs.toPrecision(4)} (at most ${opts.backtestFactor}×)`,
  };
}

export async function checkHealth(deps: HealthDeps, params: { versionId: string; options?: HealthCheckOptions; now?: Date }): Promise<HealthReport> {
  const opts: Required<HealthCheckOptions> = {
    parityTolerance: params.options?.parityTolerance ?? DEFAULT_PARITY_TOLERANCE,
    backtestFactor: params.options?.backtestFactor ?? DEFAULT_BACKTEST_FACTOR,
    latencyBudgetMs: params.options?.latencyBudgetMs ?? DEFAULT_LATENCY_BUDGET_MS,
  };
  const steps: HealthStep[] = [];
  const done = (): HealthReport => {
    const failed = steps.find((s) => !s.ok);
    return { versionId: params.versionId, healthy: !failed, steps, reason: failed ? `${failed.step}: ${failed.detail}` : null, checkedAt: (params.now ?? new Date()).toISOString() };
  };
  const [version] = await deps.db.select().from(modelVersions).where(eq(modelVersions.id, params.versionId));
  if (!version?.artifactSha256) {
    steps.push({ step: "load", ok: false, detail: "the version has no artifact" });
    return done();
  }
  const [model] = await deps.db.select().from(models).where(eq(models.id, version.modelId));
  try {
    // Read back and verified on every check (not the serving caches): a corrupted store fails here.
    if (servesFromState(version)) await deps.artifacts.getState(version.artifactSha256);
    else await deps.artifacts.get(version.artifactSha256);
    steps.push({ step: "load", ok: true, detail: `artifact ${version.artifactSha256.slice(0, 12)} read back and verified` });
  } catch (err) {
    steps.push({ step: "load", ok: false, detail: message(err) });
    return done();
  }
  try {
    const t0 = performance.now();
    const f = await forecastMeans(deps, model, version);
    const ms = performance.now() - t0;
    if (f === null) steps.push({ step: "predict", ok: true, detail: "not checked: no history to forecast from, or future covariates needed" });
    else {
      const finite = f.means.length > 0 && f.means.every(Number.isFinite);
      steps.push({ step: "predict", ok: finite, detail: finite ? `${f.means.length} steps forecast` : "the forecast has non-finite or no values" });
      steps.push({ step: "latency", ok: ms <= opts.latencyBudgetMs, value: ms, limit: opts.latencyBudgetMs, detail: `prediction took ${ms.toFixed(0)} ms (budget ${opts.latencyBudgetMs} ms)` });
    }
  } catch (err) {
    steps.push({ step: "predict", ok: false, detail: message(err) });
    return done();
  }
  try {
    steps.push(await parity(deps, model, version, opts));
  } catch (err) {
    steps.push({ step: "parity", ok: false, detail: message(err) });
  }
  return done();
}

