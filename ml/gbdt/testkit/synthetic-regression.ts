import { createRng } from "../prng";

/** Synthetic regression data: smooth, step, interaction and noise terms; 2% of one feature missing. */
export function syntheticRegression(nRows: number, nFeatures: number, seed: number): { X: Float32Array; y: Float32Array } {
  const rng = createRng(seed);
  const X = new Float32Array(nRows * nFeatures);
  const y = new Float32Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const o = r * nFeatures;
    for (let f = 0; f < nFeatures; f++) X[o + f] = rng() * 2 - 1;
    const x0 = X[o];
    const x1 = X[o + 1];
    const x2 = X[o + 2];
    const x3 = X[o + 3];
    const x4 = X[o + 4 < o + nFeatures ? o + 4 : o];
    y[r] = Math.sin(3 * x0) + 2 * x1 * x2 + (x3 > 0.2 ? 1 : 0) + 0.5 * x4 * x4 + 0.3 * (rng() * 2 - 1);
    if (rng() < 0.02) X[o + 5 < o + nFeatures ? o + 5 : o] = NaN;
  }
  return { X, y };
}
