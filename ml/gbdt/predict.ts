/**
 * Float predictor for the serialised model (ml/gbdt/model.ts): the reference the ONNX export is tested
 * against. go left when Math.fround(x) <= threshold; NaN goes left iff missingLeft; leaves already carry
 * the learning rate, so prediction = baseScore + sum of reached leaf values.
 */
import { InvalidInputError } from "./errors";
import type { GbdtModel, TreeArrays } from "./model";

/** Leaf value reached by row `r` of a row-major matrix in one tree. */
export function predictTreeRow(tree: TreeArrays, X: ArrayLike<number>, rowOffset: number): number {
  const { feature, threshold, left, right, missingLeft, value } = tree;
  let node = 0;
  let f = feature[0];
  while (f >= 0) {
    const x = X[rowOffset + f];
    if (x !== x) node = missingLeft[node] === 1 ? left[node] : right[node];
    else node = Math.fround(x) <= threshold[node] ? left[node] : right[node];
    f = feature[node];
  }
  return value[node];
}

/** Adds one tree's output to `out` for all rows (used for incremental validation scores). */
export function addTreePredictions(
  tree: TreeArrays,
  X: Float32Array | Float64Array,
  nRows: number,
  nFeatures: number,
  out: Float64Array,
): void {
  for (let r = 0; r < nRows; r++) out[r] += predictTreeRow(tree, X, r * nFeatures);
}

export function predictGbdt(model: GbdtModel, X: Float32Array | Float64Array, nRows: number, nFeatures: number): Float64Array {
  if (X.length < nRows * nFeatures) {
    throw new InvalidInputError(`X has ${X.length} values, expected nRows*nFeatures = ${nRows * nFeatures}`, { field: "X" });
  }
  if (nFeatures < model.featureNames.length) {
    throw new InvalidInputError(`model expects ${model.featureNames.length} features, got ${nFeatures}`, { field: "nFeatures" });
  }
  const out = new Float64Array(nRows).fill(model.baseScore);
  for (const tree of model.trees) addTreePredictions(tree, X, nRows, nFeatures, out);
  return out;
}
