/**
 * When to retrain a model without being asked:
 *   - new data: at least `minNewPoints` observations (default: the longest season, e.g. one week of
 *     half-hours) arrived after the champion's training snapshot ended;
 *   - drift: the champion's stored forecasts, scored against the actuals that have since arrived, have a
 *     MASE above `driftFactor` × its backtest MASE (with at least one horizon of scored points).
 * Models with a training run already queued or running are skipped.
 */
import { and, count, desc, eq, gt, gte, inArray, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { forecasts, jobRuns, models, modelVersions, observations } from "@/db/schema";
import { seasonalScale } from "@/ml/metrics";

export interface RetrainDecision {
  modelId: string;
  assetId: string;
  metric: string;
  reason: "new-data" | "drift";
  detail: string;
}

export interface RetrainPolicy {
  minNewPoints?: number;
  driftFactor: number;
}

export async function findModelsToRetrain(db: Db, params: { assetId?: string; policy?: Partial<RetrainPolicy> }): Promise<RetrainDecision[]> {
  const driftFactor = params.policy?.driftFactor ?? 1.5;
  const rows = await db
    .select({ model: models, champion: modelVersions })
    .from(models)
    .innerJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.state, "champion")))
    .where(params.assetId ? eq(models.assetId, params.assetId) : undefined);
  const busy = await db
    .select({ assetId: jobRuns.assetId })
    .from(jobRuns)
    .where(and(eq(jobRuns.jobId, "train-model"), inArray(jobRuns.status, ["queued", "running"])));
  const busyAssets = new Set(busy.map((b) => b.assetId));
  const out: RetrainDecision[] = [];
  for (const { model, champion } of rows) {
    if (busyAssets.has(model.assetId)) continue;
    const toTs = champion.trainingSnapshot?.toTs;
    if (!toTs) continue;
    const minNew = params.policy?.minNewPoints ?? Math.max(...model.seasonLengths, model.horizon);
    const [{ n }] = await db
      .select({ n: count() })
      .from(observations)
      .where(and(eq(observations.seriesId, model.seriesId), gt(observations.ts, new Date(toTs))));
    if (n >= minNew) {
      out.push({ modelId: model.id, assetId: model.assetId, metric: model.metric, reason: "new-data", detail: `${n} new points since ${toTs}` });
      continue;
    }
    const drift = await realizedMase(db, { modelId: model.id, versionId: champion.id, seriesId: model.seriesId, season: model.seasonLengths[0] ?? 1 });
    const backtestMase = champion.backtestMetrics.all?.mase;
    if (drift && backtestMase && drift.points >= model.horizon && drift.mase > driftFactor * backtestMase) {
      out.push({
        modelId: model.id,
        assetId: model.assetId,
        metric: model.metric,
        reason: "drift",
        detail: `realized MASE ${drift.mase.toFixed(3)} over ${drift.points} points vs backtest ${backtestMase.toFixed(3)}`,
      });
    }
  }
  return out;
}

/** MASE of the version's stored forecasts against the actuals now known (scale: seasonal naive on recent data). */
export async function realizedMase(db: Db, p: { modelId: string; versionId: string; seriesId: string; season: number }) {
  const stored = await db.select().from(forecasts).where(eq(forecasts.modelVersionId, p.versionId)).orderBy(desc(forecasts.createdAt)).limit(10);
  if (!stored.length) return null;
  const first = stored.reduce((m, f) => Math.min(m, new Date(f.points[0]?.ts ?? f.originTs).getTime()), Infinity);
  const last = stored.reduce((m, f) => Math.max(m, new Date(f.points[f.points.length - 1]?.ts ?? f.originTs).getTime()), -Infinity);
  const actualRows = await db
    .select({ ts: observations.ts, value: observations.value })
    .from(observations)
    .where(and(eq(observations.seriesId, p.seriesId), gte(observations.ts, new Date(first)), lte(observations.ts, new Date(last))));
  const actual = new Map(actualRows.map((r) => [r.ts.getTime(), r.value]));
  let abs = 0;
  let c = 0;
  for (const f of stored) {
    for (const pt of f.points) {
      const y = actual.get(new Date(pt.ts).getTime());
      if (y === undefined) continue;
      abs += Math.abs(y - pt.mean);
      c++;
    }
  }
  if (!c) return null;
  const history = await db
    .select({ value: observations.value })
    .from(observations)
    .where(and(eq(observations.seriesId, p.seriesId), lte(observations.ts, new Date(first))))
    .orderBy(desc(observations.ts))
    .limit(p.season * 8);
  const scale = seasonalScale(Float64Array.from(history.reverse(), (r) => r.value), p.season) || 1;
  return { mase: abs / c / scale, points: c };
}
