/**
 * Objectives. All three use a constant hessian of 1, as LightGBM does for L1 and quantile
 * (regression_l1 / quantile use gradient signs and then refit leaf outputs, see RenewTreeOutput in
 * LightGBM's regression_objective.hpp). So histograms need gradient sums and row counts only.
 */
import type { GbdtObjective } from "./model";

/**
 * alpha-quantile of `values` with numpy's linear interpolation; reorders the buffer in place.
 * Uses quickselect (Hoare 1961) — expected O(n) — because L1/quantile leaf refits call it for every
 * leaf of every tree.
 */
export function quantileInPlace(values: Float64Array, alpha: number): number {
  const n = values.length;
  if (n === 0) return 0;
  const pos = alpha * (n - 1);
  const lo = Math.floor(pos);
  const vLo = selectKth(values, lo);
  if (lo + 1 >= n || pos === lo) return vLo;
  // After selection every element right of lo is >= values[lo]: the next order statistic is their min.
  let vHi = Infinity;
  for (let i = lo + 1; i < n; i++) if (values[i] < vHi) vHi = values[i];
  return vLo + (vHi - vLo) * (pos - lo);
}

/** k-th smallest (0-based) by iterative quickselect with median-of-three pivots; partially sorts a. */
export function selectKth(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >>> 1;
    // median of three to the middle
    if (a[mid] < a[left]) swap(a, mid, left);
    if (a[right] < a[left]) swap(a, right, left);
    if (a[right] < a[mid]) swap(a, right, mid);
    const pivot = a[mid];
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k];
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Initial score: mean for L2, median for L1, alpha-quantile for quantile (LightGBM's boost_from_average). */
export function initialScore(objective: GbdtObjective, alpha: number, y: ArrayLike<number>): number {
  if (objective === "l2") {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i];
    return y.length ? s / y.length : 0;
  }
  return quantileInPlace(Float64Array.from(y), objective === "l1" ? 0.5 : alpha);
}

/** Writes the gradient of the loss with respect to the prediction. */
export function computeGradients(objective: GbdtObjective, alpha: number, y: ArrayLike<number>, pred: Float64Array, grad: Float64Array): void {
  const n = pred.length;
  if (objective === "l2") {
    for (let i = 0; i < n; i++) grad[i] = pred[i] - y[i];
  } else if (objective === "l1") {
    for (let i = 0; i < n; i++) {
      const d = pred[i] - y[i];
      grad[i] = d > 0 ? 1 : d < 0 ? -1 : 0;
    }
  } else {
    // pinball loss: d/dpred = (1 - alpha) when over-predicting (y < pred), -alpha otherwise.
    for (let i = 0; i < n; i++) grad[i] = y[i] < pred[i] ? 1 - alpha : -alpha;
  }
}

/** Mean loss: MSE for L2, MAE for L1, mean pinball loss for quantile. */
export function meanLoss(objective: GbdtObjective, alpha: number, y: ArrayLike<number>, pred: Float64Array): number {
  const n = pred.length;
  if (n === 0) return NaN;
  let s = 0;
  if (objective === "l2") {
    for (let i = 0; i < n; i++) {
      const d = y[i] - pred[i];
      s += d * d;
    }
  } else if (objective === "l1") {
    for (let i = 0; i < n; i++) s += Math.abs(y[i] - pred[i]);
  } else {
    for (let i = 0; i < n; i++) {
      const d = y[i] - pred[i];
      s += d >= 0 ? alpha * d : (alpha - 1) * d;
    }
  }
  return s / n;
}
