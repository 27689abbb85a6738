/**
 * The inverse of export-gbdt.ts for our own artifacts: the TreeEnsembleRegressor node's attributes back into
 * ml/gbdt's flat tree arrays, one ensemble per output column (head), with node cover when the export wrote
 * it (nodes_hitrates). Serving keeps only the ONNX bytes of a version, so this is how explanations
 * (ml/explain/tree-shap.ts) get the exact trees that answer predictions. Only the `*_as_tensor` double
 * attributes our exporter writes are read; anything else is refused as not ours.
 */
import type { GbdtModel, TreeArrays } from "../gbdt/model";
import { OnnxReadError } from "./errors";
import { decodeModel, type AttributeProto, type TensorProto } from "./proto";
import { readSignature } from "./read-signature";

/** One output column's ensemble. The graph does not record the training objective, so there is none here. */
export interface ReadGbdtHead extends Pick<GbdtModel, "baseScore" | "featureNames" | "trees"> {
  column: string;
}

const utf8 = new TextDecoder();

function doubles(t: TensorProto | null | undefined, name: string): Float64Array {
  if (!t) throw new OnnxReadError(`TreeEnsembleRegressor attribute ${name} has no tensor`);
  if (t.rawData && t.rawData.length > 0) {
    if (t.dataType !== 11 || t.rawData.length % 8 !== 0) throw new OnnxReadError(`${name} is not a float64 tensor`);
    // Copy into an aligned buffer: raw_data may sit at any offset of the decoded message.
    const bytes = new Uint8Array(t.rawData);
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
  }
  if (t.doubleData && t.doubleData.length > 0) return Float64Array.from(t.doubleData);
  return new Float64Array(0);
}

function ints(a: AttributeProto | undefined, name: string): number[] {
  if (!a) throw new OnnxReadError(`TreeEnsembleRegressor has no ${name}`);
  return (a.ints ?? []).map(Number);
}

export function readGbdtFromOnnx(bytes: Uint8Array): ReadGbdtHead[] {
  const { signature, kind } = readSignature(bytes);
  if (kind !== "gbdt") throw new OnnxReadError(`artifact holds a ${kind} model, not a GBDT`);
  const graph = decodeModel(bytes).graph;
  const node = graph?.node?.find((n) => n.opType === "TreeEnsembleRegressor" && n.domain === "ai.onnx.ml");
  if (!node) throw new OnnxReadError("graph has no ai.onnx.ml TreeEnsembleRegressor node");
  const attrs = new Map((node.attribute ?? []).map((a) => [a.name ?? "", a]));
  const get = (name: string) => attrs.get(name);

  const treeIds = ints(get("nodes_treeids"), "nodes_treeids");
  const nodeIds = ints(get("nodes_nodeids"), "nodes_nodeids");
  const featureIds = ints(get("nodes_featureids"), "nodes_featureids");
  const trueIds = ints(get("nodes_truenodeids"), "nodes_truenodeids");
  const falseIds = ints(get("nodes_falsenodeids"), "nodes_falsenodeids");
  const missingTrue = ints(get("nodes_missing_value_tracks_true"), "nodes_missing_value_tracks_true");
  const modes = (get("nodes_modes")?.strings ?? []).map((s) => utf8.decode(s));
  const thresholds = doubles(get("nodes_values_as_tensor")?.t, "nodes_values_as_tensor");
  const hitrates = get("nodes_hitrates_as_tensor") ? doubles(get("nodes_hitrates_as_tensor")?.t, "nodes_hitrates_as_tensor") : null;
  const n = treeIds.length;
  for (const [name, len] of [
    ["nodes_nodeids", nodeIds.length],
    ["nodes_featureids", featureIds.length],
    ["nodes_truenodeids", trueIds.length],
    ["nodes_falsenodeids", falseIds.length],
    ["nodes_missing_value_tracks_true", missingTrue.length],
    ["nodes_modes", modes.length],
    ["nodes_values_as_tensor", thresholds.length],
    ...(hitrates ? [["nodes_hitrates_as_tensor", hitrates.length] as const] : []),
  ] as const) {
    if (len !== n) throw new OnnxReadError(`${name} has ${len} entries, nodes_treeids has ${n}`);
  }
  const targetTree = ints(get("target_treeids"), "target_treeids");
  const targetNode = ints(get("target_nodeids"), "target_nodeids");
  const targetIds = ints(get("target_ids"), "target_ids");
  const weights = doubles(get("target_weights_as_tensor")?.t, "target_weights_as_tensor");
  const baseValues = doubles(get("base_values_as_tensor")?.t, "base_values_as_tensor");
  const columns = signature.output.columns;
  if (baseValues.length !== columns.length) throw new OnnxReadError(`base_values has ${baseValues.length} entries for ${columns.length} columns`);

  // Trees by id, nodes by their id (export-gbdt.ts writes node i of a tree as node id i).
  const size = new Map<number, number>();
  for (let k = 0; k < n; k++) size.set(treeIds[k], Math.max(size.get(treeIds[k]) ?? 0, nodeIds[k] + 1));
  const trees = new Map<number, TreeArrays>();
  for (const [id, m] of size) {
    trees.set(id, {
      feature: new Int32Array(m).fill(-2),
      threshold: new Float32Array(m),
      left: new Int32Array(m).fill(-1),
      right: new Int32Array(m).fill(-1),
      missingLeft: new Uint8Array(m),
      value: new Float64Array(m),
      ...(hitrates ? { cover: new Float64Array(m) } : {}),
    });
  }
  for (let k = 0; k < n; k++) {
    const t = trees.get(treeIds[k])!;
    const i = nodeIds[k];
    if (t.feature[i] !== -2) throw new OnnxReadError(`tree ${treeIds[k]} lists node ${i} twice`);
    if (hitrates) t.cover![i] = hitrates[k];
    if (modes[k] === "LEAF") {
      t.feature[i] = -1;
      continue;
    }
    if (modes[k] !== "BRANCH_LEQ") throw new OnnxReadError(`node mode ${modes[k]} is not one export-gbdt.ts writes`);
    const m = t.feature.length;
    if (!(trueIds[k] > 0 && trueIds[k] < m && falseIds[k] > 0 && falseIds[k] < m)) {
      throw new OnnxReadError(`tree ${treeIds[k]} node ${i} has children out of range`);
    }
    if (featureIds[k] < 0 || featureIds[k] >= signature.input.featureNames.length) {
      throw new OnnxReadError(`tree ${treeIds[k]} node ${i} splits on feature ${featureIds[k]}, the input has ${signature.input.featureNames.length}`);
    }
    t.feature[i] = featureIds[k];
    t.threshold[i] = thresholds[k];
    t.left[i] = trueIds[k];
    t.right[i] = falseIds[k];
    t.missingLeft[i] = missingTrue[k] === 1 ? 1 : 0;
  }
  for (const [id, t] of trees) if (t.feature.includes(-2)) throw new OnnxReadError(`tree ${id} has gaps in its node ids`);

  const treeTarget = new Map<number, number>();
  for (let k = 0; k < targetTree.length; k++) {
    const t = trees.get(targetTree[k]);
    if (!t || t.feature[targetNode[k]] !== -1) throw new OnnxReadError(`target weight ${k} points at no leaf`);
    t.value[targetNode[k]] = weights[k];
    const prev = treeTarget.get(targetTree[k]);
    if (prev !== undefined && prev !== targetIds[k]) throw new OnnxReadError(`tree ${targetTree[k]} feeds two targets`);
    treeTarget.set(targetTree[k], targetIds[k]);
  }
  return columns.map((column, target) => ({
    column,
    baseScore: baseValues[target],
    featureNames: [...signature.input.featureNames],
    trees: [...trees.keys()]
      .sort((a, b) => a - b)
      .filter((id) => treeTarget.get(id) === target)
      .map((id) => trees.get(id)!),
  }));
}
