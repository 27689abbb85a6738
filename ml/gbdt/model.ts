/**
 * Serialised gradient-boosted tree ensemble. Flat typed arrays per tree so that prediction is a tight
 * loop and ONNX export (ai.onnx.ml TreeEnsembleRegressor) is a direct copy.
 *
 * Split semantics (the same in the TypeScript predictor and in the exported ONNX graph):
 *   - inputs are compared as float32: go left when Math.fround(x) <= threshold (BRANCH_LEQ);
 *   - thresholds are float32-representable numbers (stored as Float32Array);
 *   - a missing input (NaN) goes left when missingLeft[node] === 1, else right.
 * Leaf values already include the learning rate; prediction = baseScore + sum of reached leaf values.
 */
export interface TreeArrays {
  /** Feature index per node; -1 marks a leaf. */
  feature: Int32Array;
  threshold: Float32Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  /** Leaf output per node (0 on internal nodes). */
  value: Float64Array;
  /**
   * Cover per node: the (in-bag) training rows that reached it while the tree was grown, i.e. its hessian
   * sum (hessians are 1). cover[parent] = cover[left] + cover[right]. TreeSHAP's path-dependent expectations
   * weight the two children by it (ml/explain/tree-shap.ts). Absent on models built without it.
   */
  cover?: Float64Array;
}

export type GbdtObjective = "l2" | "l1" | "quantile";

export interface GbdtModel {
  format: "almanac-gbdt";
  version: 1;
  objective: GbdtObjective;
  /** Quantile probability for the quantile objective. */
  alpha?: number;
  baseScore: number;
  featureNames: string[];
  trees: TreeArrays[];
}
