/**
 * Exact TreeSHAP for the GBDT of ml/gbdt (Lundberg, Erion & Lee 2018, "Consistent individualized feature
 * attribution for tree ensembles", Algorithm 2): SHAP values of the path-dependent conditional expectation
 * E[f(x) | x_S], in which a feature outside S splits its node's weight between the two children by their
 * cover (training rows, = hessian sums, stored per node by ml/gbdt/train.ts). The recursion and the
 * EXTEND / UNWIND bookkeeping follow the paper and the reference C++ of the `shap` package
 * (tree_shap.h: extend_path, unwind_path, unwound_path_sum), with a preallocated path stack per tree.
 *
 * Routing is the predictor's (ml/gbdt/predict.ts): a present value goes left when Math.fround(x) <= threshold,
 * NaN follows missingLeft, so a missing value is "a value" with its own branch, as in the model.
 * Per row: Σ_i φ_i + expectedValue = prediction, with expectedValue = baseScore + Σ_trees Σ_leaves
 * (cover_leaf / cover_root) · value_leaf (the model's mean output over its training rows).
 */
import { InvalidInputError } from "../errors";
import type { GbdtModel, TreeArrays } from "../gbdt/model";
import { predictTreeRow } from "../gbdt/predict";

/** What TreeSHAP needs of a model: a trained GbdtModel, or the trees read back from its ONNX export (ml/onnx/read-gbdt.ts). */
export type TreeEnsemble = Pick<GbdtModel, "baseScore" | "featureNames" | "trees">;

export interface TreeShapResult {
  /** baseScore + each tree's cover-weighted mean leaf value. */
  expectedValue: number;
  /** One Float64Array of length nFeatures per row. */
  contributions: Float64Array[];
  /** The model's prediction per row (= expectedValue + Σ contributions). */
  predictions: Float64Array;
}

function coverOf(tree: TreeArrays, where: string): Float64Array {
  const cover = tree.cover;
  if (!cover || cover.length !== tree.feature.length) {
    throw new InvalidInputError(`${where} has no node cover (train it with a GBDT that records cover, or re-export it)`, {
      field: `${where}.cover`,
    });
  }
  if (!(cover[0] > 0)) throw new InvalidInputError(`${where} has root cover ${cover[0]}, expected > 0`, { field: `${where}.cover` });
  return cover;
}

/** Cover-weighted mean of a tree's leaf values: its expectation over the training rows. */
export function treeExpectedValue(tree: TreeArrays, where = "tree"): number {
  const cover = coverOf(tree, where);
  let s = 0;
  for (let i = 0; i < tree.feature.length; i++) if (tree.feature[i] < 0) s += cover[i] * tree.value[i];
  return s / cover[0];
}

export function expectedValue(model: TreeEnsemble): number {
  let e = model.baseScore;
  model.trees.forEach((t, k) => (e += treeExpectedValue(t, `trees[${k}]`)));
  return e;
}

function treeDepth(tree: TreeArrays): number {
  let max = 0;
  const stack: number[] = [0, 0];
  while (stack.length) {
    const d = stack.pop()!;
    const node = stack.pop()!;
    if (tree.feature[node] < 0) max = Math.max(max, d);
    else stack.push(tree.left[node], d + 1, tree.right[node], d + 1);
  }
  return max;
}

/** The unique path of Algorithm 2 as parallel arrays, one segment per recursion level (like shap's C++). */
interface PathStack {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;
}

function allocStack(depth: number): PathStack {
  // Level u holds u + 1 elements and starts at offset u(u+1)/2; depth + 2 levels (root dummy + one per split).
  const levels = depth + 2;
  const size = (levels * (levels + 1)) / 2;
  return { feature: new Int32Array(size), zero: new Float64Array(size), one: new Float64Array(size), weight: new Float64Array(size) };
}

/** EXTEND: grows the path at [off, off + depth] by one element (fractions zero/one, feature f). */
function extendPath(p: PathStack, off: number, depth: number, zero: number, one: number, f: number): void {
  p.feature[off + depth] = f;
  p.zero[off + depth] = zero;
  p.one[off + depth] = one;
  p.weight[off + depth] = depth === 0 ? 1 : 0;
  const w = p.weight;
  for (let i = depth - 1; i >= 0; i--) {
    w[off + i + 1] += (one * w[off + i] * (i + 1)) / (depth + 1);
    w[off + i] = (zero * w[off + i] * (depth - i)) / (depth + 1);
  }
}

/** UNWIND: removes element `k` of the path [off, off + depth] (undoing its EXTEND). */
function unwindPath(p: PathStack, off: number, depth: number, k: number): void {
  const one = p.one[off + k];
  const zero = p.zero[off + k];
  const w = p.weight;
  let next = w[off + depth];
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = w[off + i];
      w[off + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (w[off + i] * zero * (depth - i)) / (depth + 1);
    } else {
      w[off + i] = (w[off + i] * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = k; i < depth; i++) {
    p.feature[off + i] = p.feature[off + i + 1];
    p.zero[off + i] = p.zero[off + i + 1];
    p.one[off + i] = p.one[off + i + 1];
  }
}

/** Σ of the path weights if element `k` were unwound (without changing the path). */
function unwoundPathSum(p: PathStack, off: number, depth: number, k: number): number {
  const one = p.one[off + k];
  const zero = p.zero[off + k];
  const w = p.weight;
  let next = w[off + depth];
  let total = 0;
  if (one !== 0) {
    for (let i = depth - 1; i >= 0; i--) {
      const tmp = next / ((i + 1) * one);
      total += tmp;
      next = w[off + i] - tmp * zero * (depth - i);
    }
  } else {
    for (let i = depth - 1; i >= 0; i--) total += w[off + i] / (zero * (depth - i));
  }
  return total * (depth + 1);
}

/** One tree's explainer: explain(X, rowOffset, phi) adds the SHAP values of the row X[rowOffset ..] to phi. */
function treeExplainer(tree: TreeArrays, cover: Float64Array): (X: ArrayLike<number>, rowOffset: number, phi: Float64Array) => void {
  const { feature, threshold, left, right, missingLeft, value } = tree;
  const stack = allocStack(treeDepth(tree));
  let X: ArrayLike<number> = [];
  let rowOffset = 0;
  let phi: Float64Array = new Float64Array(0);
  const recurse = (node: number, depth: number, parentOff: number, zero: number, one: number, parentFeature: number): void => {
    // Copy the parent's path into this level's segment, then extend it with the edge just taken.
    const off = parentOff + depth;
    for (let i = 0; i < depth; i++) {
      stack.feature[off + i] = stack.feature[parentOff + i];
      stack.zero[off + i] = stack.zero[parentOff + i];
      stack.one[off + i] = stack.one[parentOff + i];
      stack.weight[off + i] = stack.weight[parentOff + i];
    }
    extendPath(stack, off, depth, zero, one, parentFeature);
    const f = feature[node];
    if (f < 0) {
      for (let i = 1; i <= depth; i++) {
        const w = unwoundPathSum(stack, off, depth, i);
        phi[stack.feature[off + i]] += w * (stack.one[off + i] - stack.zero[off + i]) * value[node];
      }
      return;
    }
    const x = X[rowOffset + f];
    const goLeft = x !== x ? missingLeft[node] === 1 : Math.fround(x) <= threshold[node];
    const hot = goLeft ? left[node] : right[node];
    const cold = goLeft ? right[node] : left[node];
    let inZero = 1;
    let inOne = 1;
    let d = depth;
    // A feature met again on the path: undo its earlier split and redo it here with the product of fractions.
    let k = 1;
    while (k <= d && stack.feature[off + k] !== f) k++;
    if (k <= d) {
      inZero = stack.zero[off + k];
      inOne = stack.one[off + k];
      unwindPath(stack, off, d, k);
      d -= 1;
    }
    recurse(hot, d + 1, off, (cover[hot] / cover[node]) * inZero, inOne, f);
    recurse(cold, d + 1, off, (cover[cold] / cover[node]) * inZero, 0, f);
  };
  return (x, offset, out) => {
    X = x;
    rowOffset = offset;
    phi = out;
    // Each level's segment starts after its parent's: offset parentOff + depth (at most u(u+1)/2 at level u).
    recurse(0, 0, 0, 1, 1, -1);
  };
}

function checkMatrix(model: TreeEnsemble, X: ArrayLike<number>, nRows: number, nFeatures: number): void {
  if (!Number.isInteger(nRows) || nRows < 0) throw new InvalidInputError(`nRows must be a non-negative integer, got ${nRows}`, { field: "nRows" });
  if (nFeatures !== model.featureNames.length) {
    throw new InvalidInputError(`model has ${model.featureNames.length} features, got nFeatures = ${nFeatures}`, { field: "nFeatures" });
  }
  if (X.length < nRows * nFeatures) {
    throw new InvalidInputError(`X has ${X.length} values, expected nRows × nFeatures = ${nRows * nFeatures}`, { field: "X" });
  }
}

/** SHAP values of every row of the row-major matrix X (nRows × nFeatures, NaN = missing). */
export function treeShap(model: TreeEnsemble, X: ArrayLike<number>, nRows: number, nFeatures: number): TreeShapResult {
  checkMatrix(model, X, nRows, nFeatures);
  const covers = model.trees.map((t, k) => coverOf(t, `trees[${k}]`));
  const contributions = Array.from({ length: nRows }, () => new Float64Array(nFeatures));
  const predictions = new Float64Array(nRows).fill(model.baseScore);
  model.trees.forEach((tree, k) => {
    const explain = tree.feature[0] >= 0 ? treeExplainer(tree, covers[k]) : null;
    for (let r = 0; r < nRows; r++) {
      explain?.(X, r * nFeatures, contributions[r]);
      predictions[r] += predictTreeRow(tree, X, r * nFeatures);
    }
  });
  return { expectedValue: expectedValue(model), contributions, predictions };
}
