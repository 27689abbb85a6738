/**
 * What a rule looks at, measured now: one subject per thing the rule's scope covers (a model, a source, or
 * the scope as a whole) with the metric's value. A rule fires for a subject when value ≥ threshold; the units
 * are in ALERT_METRIC_UNITS (./schemas.ts).
 *
 * Coverage and accuracy come from the monitoring view (server/monitoring/monitor-models.ts: realised coverage
 * and accuracy of served forecasts over the rule's window); input drift and data staleness from the stored drift
 * scores (server/monitoring/compute-drift.ts, written hourly and after ingests): the newest of each champion, or
 * for a champion with none stored yet (promoted since the last run) the same scores computed now. The others
 * are counts over ingest_runs, job_runs and anomalies inside the rule's window, and the time since each ingest
 * source last ran.
 */
import { and, count, eq, gt, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alertRules, anomalies, assets, ingestRuns, ingestSources, jobRuns, models, modelVersions, series } from "@/db/schema";
import { scoreDrift } from "@/server/monitoring/compute-drift";
import { latestDriftScores } from "@/server/monitoring/list-drift-scores";
import { monitorModels } from "@/server/monitoring/monitor-models";

type Rule = typeof alertRules.$inferSelect;

export interface MeasuredSubject {
  /** `all`, `asset:<id>`, `model:<id>` or `source:<id>`. */
  scopeKey: string;
  assetId: string | null;
  modelId: string | null;
  /** Human name of the subject, for the message. */
  label: string;
  value: number;
}

const MODEL_METRICS = new Set(["coverage_below_promise", "accuracy_drift"]);
const DRIFT_METRICS = new Set(["input_drift", "data_staleness"]);

/** The asset a rule's scope narrows to (a model scope narrows to its model's asset), null for `all`. */
async function scopeAsset(db: DbOrTx, rule: Rule): Promise<string | null> {
  if (rule.scope === "asset") return rule.assetId;
  if (rule.scope === "model" && rule.modelId) {
    const [m] = await db.select({ assetId: models.assetId }).from(models).where(eq(models.id, rule.modelId)).limit(1);
    return m?.assetId ?? null;
  }
  return null;
}

async function measureModels(db: DbOrTx, rule: Rule): Promise<MeasuredSubject[]> {
  const days = Math.max(1, Math.ceil(rule.windowMinutes / 1440));
  const monitored = await monitorModels(db, { days });
  const assetOf = new Map((await db.select({ id: models.id, assetId: models.assetId }).from(models)).map((m) => [m.id, m.assetId]));
  const out: MeasuredSubject[] = [];
  for (const m of monitored) {
    const assetId = assetOf.get(m.modelId) ?? null;
    if (rule.scope === "model" && m.modelId !== rule.modelId) continue;
    if (rule.scope === "asset" && assetId !== rule.assetId) continue;
    let value: number | null = null;
    if (rule.metric === "coverage_below_promise") {
      const shortfalls = m.coverage.filter((c) => c.points > 0).map((c) => c.level - 100 * c.ratio);
      value = shortfalls.length ? Math.max(...shortfalls) : null;
    } else if (rule.metric === "accuracy_drift") {
      value = m.maeRatio;
    }
    if (value === null || !Number.isFinite(value)) continue;
    out.push({ scopeKey: `model:${m.modelId}`, assetId, modelId: m.modelId, label: `${m.assetSlug} ${m.metric} (h${m.horizon}, v${m.version.number})`, value });
  }
  return out;
}

/** input_drift: the worst PSI over the target and covariates; data_staleness: expected intervals without a reading. */
async function measureDrift(db: DbOrTx, rule: Rule): Promise<MeasuredSubject[]> {
  const champions = await db
    .select({ modelId: models.id, assetId: models.assetId, metric: models.metric, horizon: models.horizon, versionId: modelVersions.id, version: modelVersions.version, slug: assets.slug })
    .from(models)
    .innerJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.state, "champion")))
    .innerJoin(assets, eq(assets.id, models.assetId))
    .where(rule.scope === "model" && rule.modelId ? eq(models.id, rule.modelId) : rule.scope === "asset" && rule.assetId ? eq(models.assetId, rule.assetId) : undefined);
  const kind = rule.metric === "input_drift" ? "input" : "staleness";
  const statistic = rule.metric === "input_drift" ? "psi" : "missed_intervals";
  const stored = await latestDriftScores(db, { versionIds: champions.map((c) => c.versionId), kinds: [kind] });
  const unscored = champions.filter((c) => !stored.some((s) => s.modelVersionId === c.versionId));
  const fresh = unscored.length ? (await scoreDrift(db, { modelIds: unscored.map((c) => c.modelId) })).filter((r) => r.kind === kind) : [];
  const scores = [...stored, ...fresh].filter((s) => s.statistic === statistic);
  const out: MeasuredSubject[] = [];
  for (const c of champions) {
    const mine = scores.filter((s) => s.modelVersionId === c.versionId && Number.isFinite(s.value));
    if (mine.length === 0) continue;
    const worst = mine.reduce((a, b) => (b.value > a.value ? b : a));
    const label = `${c.slug} ${c.metric} (h${c.horizon}, v${c.version})${rule.metric === "input_drift" && worst.subject !== c.metric ? ` covariate ${worst.subject}` : ""}`;
    out.push({ scopeKey: `model:${c.modelId}`, assetId: c.assetId, modelId: c.modelId, label, value: worst.value });
  }
  return out;
}

/** One subject for the whole scope: `all`, the asset, or the model. */
function aggregateSubject(rule: Rule, assetId: string | null, value: number): MeasuredSubject {
  if (rule.scope === "model") return { scopeKey: `model:${rule.modelId}`, assetId, modelId: rule.modelId, label: `model ${rule.modelId}`, value };
  if (rule.scope === "asset") return { scopeKey: `asset:${rule.assetId}`, assetId, modelId: null, label: `asset ${rule.assetId}`, value };
  return { scopeKey: "all", assetId: null, modelId: null, label: "all assets", value };
}

export async function measureRule(db: DbOrTx, params: { rule: Rule; now: Date }): Promise<MeasuredSubject[]> {
  const { rule, now } = params;
  if (MODEL_METRICS.has(rule.metric)) return measureModels(db, rule);
  if (DRIFT_METRICS.has(rule.metric)) return measureDrift(db, rule);
  const since = new Date(now.getTime() - rule.windowMinutes * 60_000);
  const assetId = await scopeAsset(db, rule);
  const onAsset = (column: typeof ingestRuns.assetId | typeof jobRuns.assetId | typeof series.assetId): SQL | undefined => (assetId ? eq(column, assetId) : undefined);
  switch (rule.metric) {
    case "ingest_failure": {
      const [r] = await db
        .select({ n: count() })
        .from(ingestRuns)
        .where(and(eq(ingestRuns.status, "failed"), gt(ingestRuns.startedAt, since), onAsset(ingestRuns.assetId)));
      return [aggregateSubject(rule, assetId, r?.n ?? 0)];
    }
    case "job_failure": {
      const [r] = await db
        .select({ n: count() })
        .from(jobRuns)
        .where(and(eq(jobRuns.status, "failed"), gt(jobRuns.finishedAt, since), onAsset(jobRuns.assetId)));
      return [aggregateSubject(rule, assetId, r?.n ?? 0)];
    }
    case "anomaly_rate": {
      const [r] = await db
        .select({ n: count() })
        .from(anomalies)
        .innerJoin(series, eq(series.id, anomalies.seriesId))
        .where(and(gt(anomalies.detectedAt, since), onAsset(series.assetId)));
      return [aggregateSubject(rule, assetId, (r?.n ?? 0) / (rule.windowMinutes / 60))];
    }
    case "stale_source": {
      const sources = await db
        .select({ id: ingestSources.id, name: ingestSources.name, assetId: ingestSources.assetId, lastRunAt: ingestSources.lastRunAt, createdAt: ingestSources.createdAt })
        .from(ingestSources)
        .where(and(eq(ingestSources.enabled, true), assetId ? eq(ingestSources.assetId, assetId) : undefined));
      return sources.map((s) => ({
        scopeKey: `source:${s.id}`,
        assetId: s.assetId,
        modelId: null,
        label: `source ${s.name}`,
        // A source that never ran is as stale as it is old.
        value: (now.getTime() - (s.lastRunAt ?? s.createdAt).getTime()) / 60_000,
      }));
    }
    default:
      throw new Error(`no measure for alert metric ${rule.metric}`);
  }
}
