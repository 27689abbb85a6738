/**
 * Stored covariates on a target series' grid: other metrics of the same asset (temperature, production, …)
 * read over the target's time range, placed on its regular grid, their own gaps interpolated linearly (edges
 * carried). The one place training, the forecast refresh and `predict` on stored history build covariates,
 * so a model sees the same covariate values in all three.
 */
import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { observations, series as seriesTable } from "@/db/schema";
import { impute } from "@/ml/series/impute";
import type { Covariates, Series } from "@/ml/types";
import { ValidationError } from "@/server/http/errors";

export interface CovariateSource {
  metric: string;
  /** Known already (training resolved it); else looked up by metric on the asset. */
  seriesId?: string;
  /** Names the covariate in errors, e.g. `options.covariates.past[0]`. */
  field: string;
}

export async function alignStoredCovariates(
  db: DbOrTx,
  params: { assetId: string; sources: CovariateSource[]; startMs: number; stepMs: number; length: number },
): Promise<Covariates> {
  const { startMs, stepMs, length: n } = params;
  const endMs = startMs + (n - 1) * stepMs;
  const past: Float64Array[] = [];
  for (const c of params.sources) {
    let seriesId = c.seriesId;
    if (!seriesId) {
      const [row] = await db
        .select({ id: seriesTable.id })
        .from(seriesTable)
        .where(and(eq(seriesTable.assetId, params.assetId), eq(seriesTable.metric, c.metric)))
        .limit(1);
      if (!row) throw new ValidationError(`${c.field}: the asset has no stored "${c.metric}" readings (the model uses it as a covariate)`, { field: c.field });
      seriesId = row.id;
    }
    const rows = await db
      .select({ ts: observations.ts, value: observations.value })
      .from(observations)
      .where(and(eq(observations.seriesId, seriesId), gte(observations.ts, new Date(startMs - stepMs / 2)), lte(observations.ts, new Date(endMs + stepMs / 2))))
      .orderBy(asc(observations.ts));
    const values = new Float64Array(n).fill(NaN);
    let placed = 0;
    for (const r of rows) {
      const s = Math.round((r.ts.getTime() - startMs) / stepMs);
      if (s >= 0 && s < n && Number.isFinite(r.value)) {
        values[s] = r.value;
        placed++;
      }
    }
    if (placed === 0)
      throw new ValidationError(`${c.field}: "${c.metric}" has no readings between ${new Date(startMs).toISOString()} and ${new Date(endMs).toISOString()}`, { field: c.field });
    past.push(placed < n ? impute(values, "linear") : values);
  }
  return { names: params.sources.map((c) => c.metric), past };
}

/**
 * A regular series with the asset's stored covariates of these metrics aligned on its grid (named by their
 * `covariates.<metric>` field in errors): how serving, the health check and explanations rebuild a version's inputs.
 */
export async function attachStoredCovariates(db: DbOrTx, params: { assetId: string; metrics: string[]; series: Series; stepMs: number }): Promise<Series> {
  const { series, metrics } = params;
  if (metrics.length === 0) return series;
  series.covariates = await alignStoredCovariates(db, {
    assetId: params.assetId,
    sources: metrics.map((metric) => ({ metric, field: `covariates.${metric}` })),
    startMs: series.startMs!,
    stepMs: params.stepMs,
    length: series.values.length,
  });
  return series;
}
