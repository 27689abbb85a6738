/**
 * Realised accuracy of served forecasts: each stored forecast point whose actual has since arrived is scored,
 * per model version and horizon step — MAE, sMAPE (percent, 0–200 as in M4 and ml/metrics), bias, and whether each promised interval held the actual —
 * so the monitoring page can put what a version delivers next to what its backtest promised.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { resultRows } from "@/server/ingest/upsert-observations";
import { versionFilter } from "./version-filter";

export interface StepAccuracy {
  step: number;
  points: number;
  mae: number;
  smape: number;
  /** Mean of actual − forecast (positive: forecasts too low). */
  bias: number;
}

export interface VersionAccuracy {
  versionId: string;
  points: number;
  mae: number;
  smape: number;
  bias: number;
  steps: StepAccuracy[];
}

/** Accuracy over forecasts made in the last `days` days (default 30), for the given versions (all if omitted). */
export async function realisedAccuracy(db: DbOrTx, params: { days?: number; versionIds?: string[] } = {}): Promise<VersionAccuracy[]> {
  const days = params.days ?? 30;
  if (params.versionIds && params.versionIds.length === 0) return [];
  const only = versionFilter(params);
  const result = await db.execute(sql`
    with scored as (
      select f.model_version_id as version_id,
             greatest(1, round(extract(epoch from ((p.pt->>'ts')::timestamptz - f.origin_ts)) * 1000 / f.step_ms))::int as step,
             o.value as actual, (p.pt->>'mean')::float8 as mean
      from forecasts f
      join models m on m.id = f.model_id
      cross join lateral jsonb_array_elements(f.points) as p(pt)
      join observations o on o.series_id = m.series_id and o.ts = (p.pt->>'ts')::timestamptz
      where f.created_at > now() - make_interval(days => ${days}::int) ${only}
    )
    select version_id, step, count(*)::int as points,
           avg(abs(actual - mean)) as mae,
           avg(case when abs(actual) + abs(mean) = 0 then 0 else 200 * abs(actual - mean) / (abs(actual) + abs(mean)) end) as smape,
           avg(actual - mean) as bias
    from scored
    group by version_id, step
    order by version_id, step`);
  const byVersion = new Map<string, StepAccuracy[]>();
  for (const r of resultRows<{ version_id: string; step: number; points: number; mae: number; smape: number; bias: number }>(result)) {
    const list = byVersion.get(r.version_id) ?? [];
    list.push({ step: Number(r.step), points: Number(r.points), mae: Number(r.mae), smape: Number(r.smape), bias: Number(r.bias) });
    byVersion.set(r.version_id, list);
  }
  return [...byVersion].map(([versionId, steps]) => {
    const n = steps.reduce((s, x) => s + x.points, 0);
    const w = (k: "mae" | "smape" | "bias") => steps.reduce((s, x) => s + x[k] * x.points, 0) / n;
    return { versionId, points: n, mae: w("mae"), smape: w("smape"), bias: w("bias"), steps };
  });
}
