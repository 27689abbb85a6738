/**
 * The regular series (with the spec's stored covariates) a version's feature rows are written from, ending at
 * the last observation at or before `untilTs`: built as the forecast refresh builds it (toRegularSeries on the
 * newest history, covariates aligned by server/covariates), so the rows are those the served forecast used.
 */
import type { Db } from "@/db/client";
import type { FeatureSpec } from "@/ml/features/spec";
import { toRegularSeries } from "@/ml/series/to-regular-series";
import type { Series } from "@/ml/types";
import { attachStoredCovariates } from "@/server/covariates/align-stored-covariates";
import type { Model } from "@/server/registry";
import { readHistoryUntil } from "./read-history-until";

export async function historySeries(
  db: Db,
  params: { model: Model; spec: FeatureSpec; stepMs: number; untilTs: Date; limit: number },
): Promise<Series | null> {
  const { model, spec, stepMs } = params;
  const rows = await readHistoryUntil(db, { seriesId: model.seriesId, untilTs: params.untilTs, limit: params.limit });
  if (rows.length === 0) return null;
  const series = toRegularSeries(model.seriesId, rows, stepMs, model.seasonLengths[0] ?? 1);
  return attachStoredCovariates(db, { assetId: model.assetId, metrics: [...spec.pastCovariates, ...spec.futureCovariates], series, stepMs });
}
