/**
 * Per-step TreeSHAP waterfalls of a served forecast: the feature rows of its origin for steps 1..H are rebuilt
 * with the version's spec exactly as predictWithArtifact builds them (ml/features/build.ts writeRow on the
 * history ending at the origin), explained with the artifact's own trees, and mapped to target units. The
 * model predicts (y − level) / scale per row, so a contribution φ in model units is φ·scale in the target's,
 * and the step's expected value is level + E·scale: expectedValue + Σ contributions = the step's prediction.
 */
import type { Db } from "@/db/client";
import { featureFamily } from "@/ml/explain/feature-families";
import { waterfall } from "@/ml/explain/importance";
import { treeShap } from "@/ml/explain/tree-shap";
import { historyNeeded } from "@/ml/features/spec";
import { viewOf, writeRow } from "@/ml/features/build";
import type { ServedForecast } from "@/server/forecasts/served-forecast";
import { getModel, getVersion, servingDataOf } from "@/server/registry";
import type { ArtifactStore } from "@/server/serving/artifacts/store";
import { historySeries } from "./history-series";
import { loadExplainableTrees } from "./load-explainable-trees";
import type { ForecastExplanation } from "./schemas";

const MAX_RELATIVE_DRIFT = 1e-4;

export interface ExplainForecastParams {
  forecast: Pick<ServedForecast, "modelId" | "version" | "originTs" | "points">;
  /** Features named per step; the rest are summed. */
  top: number;
}

export async function explainForecast(db: Db, deps: { artifacts: Pick<ArtifactStore, "get"> }, params: ExplainForecastParams): Promise<ForecastExplanation> {
  const { forecast } = params;
  const version = await getVersion(db, { versionId: forecast.version.id });
  const trees = await loadExplainableTrees(deps, version);
  if (!trees.ok) return { available: false, reason: trees.reason };
  const stepMs = version.trainingSnapshot?.stepMs;
  if (!stepMs) return { available: false, reason: `version ${version.version} has no training snapshot` };
  const { featureSpec: spec } = servingDataOf(version);
  if (spec.futureCovariates.length) {
    return { available: false, reason: "the model uses future covariates, whose values only a predict request brings" };
  }
  const model = await getModel(db, { modelId: forecast.modelId });
  const originMs = Date.parse(forecast.originTs);
  const series = await historySeries(db, {
    model,
    spec,
    stepMs,
    untilTs: new Date(originMs),
    limit: historyNeeded(spec) + 2 * Math.max(...model.seasonLengths, 1),
  });
  const n = series?.values.length ?? 0;
  if (!series || series.startMs! + (n - 1) * stepMs !== originMs) {
    return { available: false, reason: `the history no longer ends at the forecast origin ${forecast.originTs}` };
  }
  const F = spec.names.length;
  const H = Math.min(forecast.points.length, spec.horizon);
  const X = new Float32Array(H * F);
  const level = new Float64Array(H);
  const scale = new Float64Array(H);
  const norm = new Float64Array(2);
  const view = viewOf(series, spec, 0);
  for (let h = 1; h <= H; h++) {
    writeRow(spec, view, n - 1, h, X, (h - 1) * F, norm);
    level[h - 1] = norm[0];
    scale[h - 1] = norm[1];
  }
  const shap = treeShap(trees.head, X, H, F);
  // The waterfall must explain the number that was served: if the history up to the origin was revised since
  // the forecast was made, the rebuilt rows no longer give it (float32 output: ~1e-7 relative when they do).
  for (let h = 0; h < H; h++) {
    const predicted = level[h] + shap.predictions[h] * scale[h];
    const served = forecast.points[h].mean;
    if (!(Math.abs(predicted - served) <= MAX_RELATIVE_DRIFT * Math.max(1, Math.abs(served)))) {
      return {
        available: false,
        reason: `the stored history up to the origin changed after this forecast was made (step ${h + 1}: the trees now give ${predicted}, ${served} was served); the next refresh can be explained`,
      };
    }
  }
  const steps = [];
  for (let h = 0; h < H; h++) {
    const contributions = shap.contributions[h].map((c) => c * scale[h]);
    const w = waterfall(level[h] + shap.expectedValue * scale[h], contributions, spec.names, X.subarray(h * F, (h + 1) * F), params.top);
    steps.push({
      ts: forecast.points[h].ts,
      step: h + 1,
      mean: forecast.points[h].mean,
      expectedValue: w.expectedValue,
      prediction: w.prediction,
      top: w.top.map((t) => ({ ...t, family: featureFamily(t.feature), value: Number.isFinite(t.value) ? t.value : null })),
      rest: w.rest,
    });
  }
  return { available: true, method: "tree-shap", versionId: version.id, steps };
}
