/**
 * The drift job's work: for every champion (or those of the given models or series), score how far production
 * has moved from what the version was trained and backtested on, and store the scores (drift_scores,
 * db/schema/monitoring.ts) with one `computedAt`, so the pages chart them over time and the alert rules read them.
 *
 * - input drift of the target and of each covariate the version reads: its readings since the end of training
 *   (newest 2,000) against the newest 2,000 of the training window, with Evidently's default test
 *   (ml/drift/choose-drift-test.ts) and the PSI of the same samples (bands 0.1 / 0.25);
 * - residual drift: realised step-1 MAE of the served forecasts ÷ the backtest's step-1 MAE
 *   (server/forecasts/realised-accuracy.ts), drift at `residualFactor` or worse;
 * - staleness: how many expected intervals (the training snapshot's step) have passed with no new reading of
 *   the target, drift at `staleIntervals` or more.
 *
 * Writing is idempotent per (version, subject, statistic, computedAt): a retried step passes the same time.
 */
import { and, desc, eq, gt, gte, inArray, lte, max, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { driftScores, featureSpecSchema, models, modelVersions, observations, series, type TrainingSnapshot } from "@/db/schema";
import { columnDrift } from "@/ml/drift/choose-drift-test";
import { psi, psiBand } from "@/ml/drift/drift-statistics";
import { realisedAccuracy } from "@/server/forecasts/realised-accuracy";

export const DRIFT_SAMPLE = 2_000;
export const DRIFT_MIN_POINTS = 30;
export const DEFAULT_RESIDUAL_FACTOR = 1.5;
export const DEFAULT_STALE_INTERVALS = 3;
/** Served points a residual ratio needs before it means anything. */
const RESIDUAL_MIN_POINTS = 10;
export const PSI_BANDS = [0.1, 0.25] as const;

export interface ComputeDriftParams {
  /** Only these models' champions (all champions when neither this nor seriesIds is given). */
  modelIds?: string[];
  /** Only the champions whose target or covariates are among these series (after an ingest). */
  seriesIds?: string[];
  now?: Date;
  /** Realised ÷ backtest step-1 MAE at which residual drift is flagged. */
  residualFactor?: number;
  /** Expected intervals without a reading at which the data is stale. */
  staleIntervals?: number;
  /** How far back the realised accuracy looks. */
  residualDays?: number;
}

export type NewDriftScore = typeof driftScores.$inferInsert;

export interface ComputeDriftResult {
  computedAt: string;
  versions: number;
  scores: number;
  drifting: { modelId: string; subject: string; statistic: string; value: number }[];
}

interface Champion {
  modelId: string;
  assetId: string;
  seriesId: string;
  metric: string;
  versionId: string;
  snapshot: TrainingSnapshot | null;
  featureSpec: unknown;
  backtest: Record<string, Record<string, number>>;
}

async function champions(db: DbOrTx, params: ComputeDriftParams): Promise<Champion[]> {
  let modelFilter: SQL | undefined = params.modelIds ? inArray(models.id, params.modelIds) : undefined;
  if (params.seriesIds) {
    if (params.seriesIds.length === 0) return [];
    // A covariate's series counts too: the asset's models read the asset's other metrics.
    const touched = await db.selectDistinct({ assetId: series.assetId }).from(series).where(inArray(series.id, params.seriesIds));
    if (touched.length === 0) return [];
    modelFilter = and(modelFilter, inArray(models.assetId, touched.map((t) => t.assetId)));
  }
  return db
    .select({
      modelId: models.id,
      assetId: models.assetId,
      seriesId: models.seriesId,
      metric: models.metric,
      versionId: modelVersions.id,
      snapshot: modelVersions.trainingSnapshot,
      featureSpec: modelVersions.featureSpec,
      backtest: modelVersions.backtestMetrics,
    })
    .from(models)
    .innerJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.state, "champion")))
    .where(modelFilter);
}

/** The covariates a version reads (a GBDT's feature spec), by metric name. */
export function covariatesOfVersion(featureSpec: unknown): string[] {
  const spec = featureSpecSchema.safeParse(featureSpec);
  return spec.success ? [...new Set([...spec.data.pastCovariates, ...spec.data.futureCovariates])] : [];
}

interface Sample {
  values: number[];
  fromTs: Date | null;
  toTs: Date | null;
}

async function sample(db: DbOrTx, seriesId: string, where: SQL | undefined): Promise<Sample> {
  const rows = await db
    .select({ v: observations.value, ts: observations.ts })
    .from(observations)
    .where(and(eq(observations.seriesId, seriesId), where))
    .orderBy(desc(observations.ts))
    .limit(DRIFT_SAMPLE);
  return { values: rows.map((r) => r.v), fromTs: rows.at(-1)?.ts ?? null, toTs: rows[0]?.ts ?? null };
}

const trainingWindow = (snapshot: TrainingSnapshot | null): [Date, Date] | null => {
  const [from, to] = [Date.parse(snapshot?.fromTs ?? ""), Date.parse(snapshot?.toTs ?? "")];
  return Number.isFinite(from) && Number.isFinite(to) ? [new Date(from), new Date(to)] : null;
};

/** The input drift rows of one series (target or covariate): Evidently's default test, then PSI. */
async function inputScores(db: DbOrTx, c: Champion, window: [Date, Date], seriesId: string, subject: string, computedAt: Date): Promise<NewDriftScore[]> {
  const [reference, current] = await Promise.all([
    sample(db, seriesId, and(gte(observations.ts, window[0]), lte(observations.ts, window[1]))),
    sample(db, seriesId, gt(observations.ts, window[1])),
  ]);
  if (reference.values.length < DRIFT_MIN_POINTS || current.values.length < DRIFT_MIN_POINTS) return [];
  const base = {
    modelId: c.modelId,
    modelVersionId: c.versionId,
    assetId: c.assetId,
    kind: "input" as const,
    subject,
    isTarget: seriesId === c.seriesId,
    referenceFrom: reference.fromTs,
    referenceTo: reference.toTs,
    currentFrom: current.fromTs,
    currentTo: current.toTs,
    referenceSize: reference.values.length,
    currentSize: current.values.length,
    computedAt,
  };
  const test = columnDrift("numerical", reference.values, current.values);
  const p = psi(reference.values, current.values);
  const band = psiBand(p);
  return [
    { ...base, statistic: test.statistic, value: test.score ?? test.value, pValue: test.score !== undefined ? test.value : null, threshold: test.threshold, thresholdHigh: null, band: test.drift ? "drift" : "ok" },
    { ...base, statistic: "psi", value: p, pValue: null, threshold: PSI_BANDS[0], thresholdHigh: PSI_BANDS[1], band: band === "stable" ? "ok" : band === "moderate" ? "warning" : "drift" },
  ];
}

/** The scores of the selected champions now, not stored (the alert rules use it for a champion with none stored yet). */
export async function scoreDrift(db: DbOrTx, params: ComputeDriftParams = {}): Promise<NewDriftScore[]> {
  const computedAt = params.now ?? new Date();
  const residualFactor = params.residualFactor ?? DEFAULT_RESIDUAL_FACTOR;
  const staleIntervals = params.staleIntervals ?? DEFAULT_STALE_INTERVALS;
  const list = await champions(db, params);
  const accuracy = await realisedAccuracy(db, { days: params.residualDays ?? 30, versionIds: list.map((c) => c.versionId) });
  const accOf = new Map(accuracy.map((a) => [a.versionId, a]));
  const rows: NewDriftScore[] = [];
  for (const c of list) {
    const window = trainingWindow(c.snapshot);
    if (window) {
      rows.push(...(await inputScores(db, c, window, c.seriesId, c.metric, computedAt)));
      const names = covariatesOfVersion(c.featureSpec);
      const covariateSeries = names.length
        ? await db.select({ id: series.id, metric: series.metric }).from(series).where(and(eq(series.assetId, c.assetId), inArray(series.metric, names)))
        : [];
      for (const s of covariateSeries) rows.push(...(await inputScores(db, c, window, s.id, s.metric, computedAt)));
    }
    const promisedMae = c.backtest.h1?.mae;
    const step1 = accOf.get(c.versionId)?.steps.find((s) => s.step === 1);
    if (typeof promisedMae === "number" && promisedMae > 0 && step1 && step1.points >= RESIDUAL_MIN_POINTS && Number.isFinite(step1.mae)) {
      const ratio = step1.mae / promisedMae;
      rows.push({
        modelId: c.modelId,
        modelVersionId: c.versionId,
        assetId: c.assetId,
        kind: "residual",
        subject: "residual",
        isTarget: false,
        statistic: "mae_ratio",
        value: ratio,
        threshold: residualFactor,
        band: ratio >= residualFactor ? "drift" : "ok",
        currentSize: step1.points,
        computedAt,
      });
    }
    const stepMs = c.snapshot?.stepMs;
    if (stepMs && stepMs > 0) {
      const [last] = await db.select({ ts: max(observations.ts) }).from(observations).where(eq(observations.seriesId, c.seriesId));
      if (last?.ts) {
        const missed = Math.max(0, Math.floor((computedAt.getTime() - last.ts.getTime()) / stepMs));
        rows.push({
          modelId: c.modelId,
          modelVersionId: c.versionId,
          assetId: c.assetId,
          kind: "staleness",
          subject: "staleness",
          isTarget: true,
          statistic: "missed_intervals",
          value: missed,
          threshold: staleIntervals,
          band: missed >= staleIntervals ? "drift" : "ok",
          currentTo: last.ts,
          computedAt,
        });
      }
    }
  }
  return rows;
}

export async function computeDrift(db: DbOrTx, params: ComputeDriftParams = {}): Promise<ComputeDriftResult> {
  const computedAt = params.now ?? new Date();
  const rows = await scoreDrift(db, { ...params, now: computedAt });
  if (rows.length) await db.insert(driftScores).values(rows).onConflictDoNothing();
  return {
    computedAt: computedAt.toISOString(),
    versions: new Set(rows.map((r) => r.modelVersionId)).size,
    scores: rows.length,
    drifting: rows.filter((r) => r.band === "drift").map((r) => ({ modelId: r.modelId, subject: r.subject, statistic: r.statistic, value: r.value })),
  };
}
