/**
 * A GBDT version's global importance: mean |SHAP| per feature and per feature family (ml/explain/importance.ts)
 * over feature rows of the end of its training window (up to MAX_ROWS rows, every step, drawn with a fixed
 * seed by ml/features/build.ts buildTrainingRows), in target units (each row's SHAP values times its scale).
 * Deterministic per version, so it is cached by version id.
 */
import type { Db } from "@/db/client";
import { featureFamily } from "@/ml/explain/feature-families";
import { globalImportance, groupedImportance } from "@/ml/explain/importance";
import { treeShap } from "@/ml/explain/tree-shap";
import { buildTrainingRows } from "@/ml/features/build";
import { historyNeeded } from "@/ml/features/spec";
import { getJson, setJson, type Cache } from "@/server/cache";
import { getModel, getVersion, servingDataOf } from "@/server/registry";
import type { ArtifactStore } from "@/server/serving/artifacts/store";
import { historySeries } from "./history-series";
import { loadExplainableTrees } from "./load-explainable-trees";
import type { VersionImportance } from "./schemas";

const MAX_ROWS = 400;
/** Origins of the training window's end the rows are drawn from. */
const ORIGINS = 400;
const CACHE_TTL_SECONDS = 7 * 24 * 3600;

export const versionImportanceCacheKey = (versionId: string) => `explain:importance:v1:${versionId}`;

export async function getVersionImportance(
  db: Db,
  deps: { artifacts: Pick<ArtifactStore, "get">; cache?: Cache },
  params: { versionId: string },
): Promise<VersionImportance> {
  const key = versionImportanceCacheKey(params.versionId);
  const cached = deps.cache ? await getJson<VersionImportance>(deps.cache, key) : null;
  if (cached) return cached;
  const version = await getVersion(db, params);
  const trees = await loadExplainableTrees(deps, version);
  if (!trees.ok) return { available: false, reason: trees.reason };
  const snapshot = version.trainingSnapshot;
  if (!snapshot?.stepMs) return { available: false, reason: `version ${version.version} has no training snapshot` };
  const { featureSpec: spec } = servingDataOf(version);
  const model = await getModel(db, { modelId: version.modelId });
  const series = await historySeries(db, {
    model,
    spec,
    stepMs: snapshot.stepMs,
    untilTs: new Date(snapshot.toTs),
    limit: historyNeeded(spec) + spec.horizon + ORIGINS,
  });
  if (!series) return { available: false, reason: "the training window's observations are no longer stored" };
  const m = buildTrainingRows([series], spec, { maxRows: MAX_ROWS, seed: 0 });
  if (m.nRows === 0) return { available: false, reason: "the stored history is too short to build feature rows" };
  const shap = treeShap(trees.head, m.X, m.nRows, m.nFeatures);
  const contributions = shap.contributions.map((c, r) => c.map((v) => v * m.scale[r]));
  const result: VersionImportance = {
    available: true,
    method: "tree-shap",
    rows: m.nRows,
    features: globalImportance(contributions, spec.names).map((f) => ({ ...f, family: featureFamily(f.feature) })),
    families: groupedImportance(contributions, spec.names),
  };
  if (deps.cache) await setJson(deps.cache, key, result, CACHE_TTL_SECONDS);
  return result;
}
