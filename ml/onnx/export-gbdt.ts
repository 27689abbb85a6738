/**
 * GBDT → ONNX: every head (e.g. one GbdtModel per quantile) becomes one target of a single ai.onnx.ml
 * TreeEnsembleRegressor, so one session.run answers all heads. The node attributes are a direct copy of the
 * flat tree arrays in ml/gbdt/model.ts:
 *   - BRANCH_LEQ on float32 inputs (the input tensor is float32, thresholds are float32): go to the true
 *     (left) child when x <= threshold, exactly Math.fround(x) <= threshold in the TypeScript predictor;
 *   - nodes_missing_value_tracks_true = missingLeft, so NaN follows the left child iff missingLeft === 1;
 *   - leaf weights and base values are the stored numbers (learning rate already folded in);
 *   - when every tree records its node cover (training rows per node), it is written as nodes_hitrates, the
 *     operator's per-node "popularity" (ignored by inference), so read-gbdt.ts can rebuild the trees with
 *     cover for TreeSHAP from the served artifact alone.
 * The graph input is float32 (so every compare is the float32 compare), widened by an exact Cast to float64 so
 * onnxruntime runs its double kernel: thresholds, leaf weights and base values are double tensors (ai.onnx.ml
 * opset 3 `*_as_tensor`) and the sum is in double precision like the TypeScript Float64 sum; only the final
 * output is rounded to float32 (the operator's output type is always float). onnxruntime-node 1.30 refuses
 * double `*_as_tensor` attributes on its float kernel, and a float kernel would sum 200+ leaves in float32.
 */
import type { GbdtModel } from "../gbdt/model";
import { OnnxExportError } from "./errors";
import { attr, ELEM_TYPE, encodeModel, tensor, valueInfo, type NodeProto } from "./proto";
import { PRODUCER, provenance, type ExportedModel, type ModelSignature } from "./signature";

export interface GbdtHead {
  /** Output column name, e.g. "q0.9". */
  column: string;
  model: GbdtModel;
}

export const GBDT_OPSETS = [
  { domain: "", version: 17 },
  { domain: "ai.onnx.ml", version: 3 },
];

/** Default column name for a model: "q<alpha>" for quantile objectives, else "mean". */
export function defaultColumnName(model: GbdtModel): string {
  return model.objective === "quantile" && model.alpha !== undefined ? `q${model.alpha}` : "mean";
}

function validateHeads(heads: GbdtHead[]): string[] {
  if (heads.length === 0) throw new OnnxExportError("at least one GBDT head is required", "heads");
  const featureNames = heads[0].model.featureNames;
  if (featureNames.length === 0) throw new OnnxExportError("model has no features", "heads[0].model.featureNames");
  const columns = new Set<string>();
  heads.forEach((head, h) => {
    const m = head.model;
    if (m.format !== "almanac-gbdt" || m.version !== 1) {
      throw new OnnxExportError(`unsupported model format ${m.format}/${m.version}`, `heads[${h}].model.format`);
    }
    if (columns.has(head.column)) throw new OnnxExportError(`duplicate column "${head.column}"`, `heads[${h}].column`);
    columns.add(head.column);
    if (!Number.isFinite(m.baseScore)) throw new OnnxExportError("baseScore must be finite", `heads[${h}].model.baseScore`);
    if (m.featureNames.length !== featureNames.length || m.featureNames.some((n, i) => n !== featureNames[i])) {
      throw new OnnxExportError(
        "all heads of one export must share the same feature names in the same order",
        `heads[${h}].model.featureNames`,
      );
    }
    m.trees.forEach((t, ti) => {
      const where = `heads[${h}].model.trees[${ti}]`;
      const n = t.feature.length;
      if (n === 0) throw new OnnxExportError("tree has no nodes", where);
      for (const [k, arr] of Object.entries({
        threshold: t.threshold,
        left: t.left,
        right: t.right,
        missingLeft: t.missingLeft,
        value: t.value,
      })) {
        if (arr.length !== n) throw new OnnxExportError(`${k} has ${arr.length} entries, feature has ${n}`, `${where}.${k}`);
      }
      for (let i = 0; i < n; i++) {
        const f = t.feature[i];
        if (f === -1) {
          if (!Number.isFinite(t.value[i])) throw new OnnxExportError("leaf value must be finite", `${where}.value[${i}]`);
          continue;
        }
        if (f < 0 || f >= featureNames.length) {
          throw new OnnxExportError(`feature index ${f} out of range [0, ${featureNames.length})`, `${where}.feature[${i}]`);
        }
        if (Number.isNaN(t.threshold[i])) throw new OnnxExportError("threshold is NaN", `${where}.threshold[${i}]`);
        for (const side of ["left", "right"] as const) {
          const c = t[side][i];
          if (c <= 0 || c >= n || c === i) throw new OnnxExportError(`child ${c} out of range`, `${where}.${side}[${i}]`);
        }
      }
    });
  });
  return featureNames;
}

function treeEnsembleNode(heads: GbdtHead[]): NodeProto {
  const nodesTreeIds: number[] = [];
  const nodesNodeIds: number[] = [];
  const nodesFeatureIds: number[] = [];
  const nodesValues: number[] = [];
  const nodesModes: string[] = [];
  const nodesTrue: number[] = [];
  const nodesFalse: number[] = [];
  const nodesMissingTrue: number[] = [];
  const targetTreeIds: number[] = [];
  const targetNodeIds: number[] = [];
  const targetIds: number[] = [];
  const targetWeights: number[] = [];
  const withCover = heads.every((h) => h.model.trees.every((t) => t.cover !== undefined && t.cover.length === t.feature.length));
  const nodesHitrates: number[] = [];
  let treeId = 0;
  const addLeaf = (tree: number, node: number, target: number, weight: number, cover: number) => {
    nodesTreeIds.push(tree);
    nodesHitrates.push(cover);
    nodesNodeIds.push(node);
    nodesFeatureIds.push(0);
    nodesValues.push(0);
    nodesModes.push("LEAF");
    nodesTrue.push(0);
    nodesFalse.push(0);
    nodesMissingTrue.push(0);
    targetTreeIds.push(tree);
    targetNodeIds.push(node);
    targetIds.push(target);
    targetWeights.push(weight);
  };
  heads.forEach((head, target) => {
    if (head.model.trees.length === 0) {
      // onnxruntime rejects a target with no trees; a single zero leaf keeps prediction = baseScore.
      addLeaf(treeId++, 0, target, 0, 1);
      return;
    }
    for (const t of head.model.trees) {
      for (let i = 0; i < t.feature.length; i++) {
        const cover = withCover ? t.cover![i] : 0;
        if (t.feature[i] === -1) {
          addLeaf(treeId, i, target, t.value[i], cover);
          continue;
        }
        nodesTreeIds.push(treeId);
        nodesHitrates.push(cover);
        nodesNodeIds.push(i);
        nodesFeatureIds.push(t.feature[i]);
        nodesValues.push(t.threshold[i]);
        nodesModes.push("BRANCH_LEQ");
        nodesTrue.push(t.left[i]);
        nodesFalse.push(t.right[i]);
        nodesMissingTrue.push(t.missingLeft[i] === 1 ? 1 : 0);
      }
      treeId++;
    }
  });
  return {
    name: "gbdt",
    opType: "TreeEnsembleRegressor",
    domain: "ai.onnx.ml",
    input: ["input_f64"],
    output: ["Y"],
    attribute: [
      attr.string("aggregate_function", "SUM"),
      attr.string("post_transform", "NONE"),
      attr.int("n_targets", heads.length),
      attr.tensor(
        "base_values_as_tensor",
        tensor("base_values", "float64", [heads.length], heads.map((h) => h.model.baseScore)),
      ),
      attr.ints("nodes_treeids", nodesTreeIds),
      attr.ints("nodes_nodeids", nodesNodeIds),
      attr.ints("nodes_featureids", nodesFeatureIds),
      // Thresholds are float32 numbers, so the double tensor holds them exactly.
      attr.tensor("nodes_values_as_tensor", tensor("nodes_values", "float64", [nodesValues.length], nodesValues)),
      attr.strings("nodes_modes", nodesModes),
      attr.ints("nodes_truenodeids", nodesTrue),
      attr.ints("nodes_falsenodeids", nodesFalse),
      attr.ints("nodes_missing_value_tracks_true", nodesMissingTrue),
      ...(withCover
        ? [attr.tensor("nodes_hitrates_as_tensor", tensor("nodes_hitrates", "float64", [nodesHitrates.length], nodesHitrates))]
        : []),
      attr.ints("target_treeids", targetTreeIds),
      attr.ints("target_nodeids", targetNodeIds),
      attr.ints("target_ids", targetIds),
      attr.tensor("target_weights_as_tensor", tensor("target_weights", "float64", [targetWeights.length], targetWeights)),
    ],
  };
}

/**
 * Exports one or more GBDT heads sharing a feature set as a single ONNX graph:
 * input "input" float32 [N, F] → output "Y" float32 [N, heads.length].
 */
export function exportGbdtToOnnx(headsOrModel: GbdtHead[] | GbdtModel): ExportedModel {
  const heads = Array.isArray(headsOrModel)
    ? headsOrModel
    : [{ column: defaultColumnName(headsOrModel), model: headsOrModel }];
  const featureNames = validateHeads(heads);
  const signature: ModelSignature = {
    input: { name: "input", dtype: "float32", featureNames: [...featureNames] },
    output: { name: "Y", dtype: "float32", columns: heads.map((h) => h.column) },
  };
  const details: Record<string, string | number> = {
    heads: heads.length,
    trees: heads.reduce((s, h) => s + h.model.trees.length, 0),
    objectives: heads.map((h) => h.model.objective + (h.model.alpha !== undefined ? `@${h.model.alpha}` : "")).join(","),
  };
  const { metadata, manifest } = provenance("gbdt", signature, GBDT_OPSETS, details);
  const bytes = encodeModel({
    graphName: "almanac_gbdt",
    nodes: [
      // float32 → float64 is exact, so the split decisions are the float32 ones; the double kernel then sums the
      // double leaf weights in double precision.
      { name: "widen", opType: "Cast", input: ["input"], output: ["input_f64"], attribute: [attr.int("to", ELEM_TYPE.float64)] },
      treeEnsembleNode(heads),
    ],
    inputs: [valueInfo("input", "float32", featureNames.length)],
    outputs: [valueInfo("Y", "float32", heads.length)],
    opsets: GBDT_OPSETS,
    producerName: PRODUCER.name,
    producerVersion: PRODUCER.version,
    docString: "Almanac GBDT ensemble (ai.onnx.ml TreeEnsembleRegressor)",
    metadata,
  });
  return { bytes, manifest };
}
