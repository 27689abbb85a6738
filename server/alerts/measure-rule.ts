/**
 * What a rule looks at, measured now: one subject per thing the rule's scope covers (a model, a source, or
 * the scope as a whole) with the metric's value. A rule fires for a subject when value ≥ threshold; the units
 * are in ALERT_METRIC_UNITS (./schemas.ts).
 *
 * Model metrics come from the monitoring view (server/monitoring/monitor-models.ts: realised coverage and
 * accuracy of served forecasts, target drift since training); the others are counts over ingest_runs,
 * job_runs and anomalies inside the rule's window, and the time since each ingest source last ran.
 */
import { and, count, eq, gt, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { alertRules, anomalies, ingestRuns, ingestSources, jobRuns, models, series } from "@/db/schema";
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

const MODEL_METRICS = new Set(["coverage_below_promise", "accuracy_drift", "input_drift"]);

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
    } else if (rule.metric === "input_drift") {
      value = m.inputDrift?.psi ?? null;
    }
    if (value === null || !Number.isFinite(value)) continue;
    out.push({ scopeKey: `model:${m.modelId}`, assetId, modelId: m.modelId, label: `${m.assetSlug} ${m.metric} (h${m.horizon}, v${m.version.number})`, value });
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
