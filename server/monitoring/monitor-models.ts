/**
 * The monitoring view: every model with a champion, what its backtest promised (step-1 MAE, sMAPE, MASE,
 * interval levels) and what its served forecasts delivered since (realised accuracy per horizon step and
 * coverage per level, with the band a kept promise would fall in), and whether the target has drifted from the
 * training window.
 */
import { and, asc, desc, eq, gt, gte, lte, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, models, modelVersions, observations, type TrainingSnapshot } from "@/db/schema";
import { driftTest, type DriftTest } from "@/ml/drift/drift-statistics";
import { realisedAccuracy } from "@/server/forecasts/realised-accuracy";
import { realisedCoverage } from "@/server/forecasts/realised-coverage";
import type { MonitoredModel } from "./schemas";

const finite = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** The 95 % range of the share of n Bernoulli(p) outcomes (normal approximation, clipped to [0, 1]). */
export function coverageBand(p: number, n: number): [number, number] {
  if (n <= 0) return [0, 1];
  const half = 1.96 * Math.sqrt((p * (1 - p)) / n) + 0.5 / n;
  return [Math.max(0, p - half), Math.min(1, p + half)];
}

const DRIFT_SAMPLE = 2_000;
const DRIFT_MIN_CURRENT = 30;

/** The target's readings since training (newest 2,000) against the newest 2,000 of the training window. */
async function targetDrift(db: DbOrTx, seriesId: string, snapshot: TrainingSnapshot): Promise<DriftTest | null> {
  const [fromMs, toMs] = [Date.parse(snapshot.fromTs), Date.parse(snapshot.toTs)];
  // A version registered without a readable training window (not trained by this app) has no reference.
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) return null;
  const values = async (where: SQL | undefined) =>
    (await db.select({ v: observations.value }).from(observations).where(and(eq(observations.seriesId, seriesId), where)).orderBy(desc(observations.ts)).limit(DRIFT_SAMPLE)).map((r) => r.v);
  const [reference, current] = await Promise.all([
    values(and(gte(observations.ts, new Date(fromMs)), lte(observations.ts, new Date(toMs)))),
    values(gt(observations.ts, new Date(toMs))),
  ]);
  if (current.length < DRIFT_MIN_CURRENT || reference.length < DRIFT_MIN_CURRENT) return null;
  return driftTest(reference, current);
}

export async function monitorModels(db: DbOrTx, params: { days?: number } = {}): Promise<MonitoredModel[]> {
  const rows = await db
    .select({
      modelId: models.id,
      assetSlug: assets.slug,
      assetName: assets.name,
      metric: models.metric,
      horizon: models.horizon,
      versionId: modelVersions.id,
      version: modelVersions.version,
      algorithm: modelVersions.algorithm,
      backtest: modelVersions.backtestMetrics,
      snapshot: modelVersions.trainingSnapshot,
      seriesId: models.seriesId,
    })
    .from(models)
    .innerJoin(assets, eq(assets.id, models.assetId))
    .innerJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.state, "champion")))
    .orderBy(asc(assets.slug), asc(models.metric), asc(models.horizon));
  const ids = rows.map((r) => r.versionId);
  const [accuracy, coverage] = await Promise.all([realisedAccuracy(db, { days: params.days, versionIds: ids }), realisedCoverage(db, { days: params.days, versionIds: ids })]);
  const accOf = new Map(accuracy.map((a) => [a.versionId, a]));
  const drift = await Promise.all(rows.map((r) => (r.snapshot ? targetDrift(db, r.seriesId, r.snapshot) : null)));
  return rows.map((r, k) => {
    const acc = accOf.get(r.versionId);
    const maeStep1 = finite(r.backtest.h1?.mae);
    const realisedStep1 = acc?.steps.find((s) => s.step === 1)?.mae;
    return {
      modelId: r.modelId,
      assetSlug: r.assetSlug,
      assetName: r.assetName,
      metric: r.metric,
      horizon: r.horizon,
      version: { id: r.versionId, number: r.version, algorithm: r.algorithm },
      backtest: { maeStep1, smape: finite(r.backtest.all?.smape), mase: finite(r.backtest.all?.mase) },
      realised: acc ? { points: acc.points, mae: acc.mae, smape: acc.smape, bias: acc.bias, steps: acc.steps } : null,
      maeRatio: maeStep1 && realisedStep1 !== undefined ? realisedStep1 / maeStep1 : null,
      coverage: coverage
        .filter((c) => c.versionId === r.versionId && Number.isFinite(c.ratio))
        .sort((a, b) => a.level - b.level)
        .map((c) => {
          const band = coverageBand(c.level / 100, c.points);
          return { level: c.level, points: c.points, inside: c.inside, ratio: c.ratio, band, belowPromise: c.ratio < band[0] };
        }),
      inputDrift: drift[k],
    };
  });
}
