/**
 * Test-only reference for the split semantics documented in ml/gbdt/model.ts. Tests also compare against
 * ml/gbdt/predict.ts (the production predictor) when it exists; this copy only guards the exporter while that
 * file is absent and pins the documented semantics independently of it.
 */
import type { GbdtModel } from "../../gbdt/model";

export function referencePredict(model: GbdtModel, X: Float64Array, nRows: number, nFeatures: number): Float64Array {
  const out = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    let sum = model.baseScore;
    for (const t of model.trees) {
      let node = 0;
      while (t.feature[node] !== -1) {
        const x = X[r * nFeatures + t.feature[node]];
        const goLeft = Number.isNaN(x) ? t.missingLeft[node] === 1 : Math.fround(x) <= t.threshold[node];
        node = goLeft ? t.left[node] : t.right[node];
      }
      sum += t.value[node];
    }
    out[r] = sum;
  }
  return out;
}
