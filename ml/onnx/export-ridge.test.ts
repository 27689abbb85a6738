import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { exportRidgeToOnnx, ridgeExportInput, type RidgeExportInput } from "./export-ridge";
import { fitRidge, predictRidge } from "../models/ridge";
import { readSignature } from "./read-signature";
import { seededRandom } from "./testkit/random-gbdt";
import { maxRelativeDifference } from "./testkit/compare";

/** The ridge prediction formula the exporter promises (intercept + Σ w·(x−mean)/std, NaN imputed by the mean). */
function ridgePredict(m: RidgeExportInput, X: Float64Array, nRows: number): Float64Array {
  const F = m.featureNames.length;
  const out = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    let s = m.intercept;
    for (let j = 0; j < F; j++) {
      const x = Number.isNaN(X[r * F + j]) ? m.means[j] : X[r * F + j];
      s += (m.weights[j] * (x - m.means[j])) / m.stds[j];
    }
    out[r] = s;
  }
  return out;
}

function randomRidge(seed: number, F: number): RidgeExportInput {
  const rand = seededRandom(seed);
  return {
    featureNames: Array.from({ length: F }, (_, j) => `x${j}`),
    means: Float64Array.from({ length: F }, () => rand() * 100 - 50),
    stds: Float64Array.from({ length: F }, () => 0.1 + rand() * 20),
    weights: Float64Array.from({ length: F }, () => rand() * 4 - 2),
    intercept: 1234.5,
  };
}

describe("exportRidgeToOnnx", () => {
  it("matches the TypeScript formula on 5000 rows, NaN imputed by the training mean", async () => {
    const F = 37;
    const m = randomRidge(9, F);
    const nRows = 5000;
    const rand = seededRandom(10);
    const X = Float64Array.from({ length: nRows * F }, () => (rand() < 0.01 ? NaN : rand() * 200 - 100));
    const { bytes, manifest } = exportRidgeToOnnx(m);
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ input: new ort.Tensor("float64", X, [nRows, F]) });
    await session.release();
    expect(out.Y.dims).toEqual([nRows, 1]);
    expect(out.Y.type).toBe("float64");
    const want = ridgePredict(m, X, nRows);
    expect(want.some(Number.isNaN)).toBe(false);
    expect(X.some(Number.isNaN)).toBe(true);
    expect(maxRelativeDifference(out.Y.data as Float64Array, want)).toBeLessThanOrEqual(1e-9);
    expect(readSignature(bytes).signature).toEqual(manifest.signature);
    expect(manifest.signature.input.dtype).toBe("float64");
  });

  it("matches predictRidge (ml/models/ridge.ts) for a model fitted by fitRidge, including a constant feature", async () => {
    const F = 12;
    const n = 2000;
    const rand = seededRandom(77);
    const X = new Float64Array(n * F);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      for (let j = 0; j < F; j++) X[r * F + j] = j === 5 ? 3 : rand() * 50 - 10;
      y[r] = 7 + 0.5 * X[r * F] - 2 * X[r * F + 1] + rand();
    }
    const fitted = fitRidge(X, y, n, F, 0.1);
    const names = Array.from({ length: F }, (_, j) => `x${j}`);
    const { bytes } = exportRidgeToOnnx(ridgeExportInput(fitted, names));
    const Xtest = Float64Array.from({ length: 3000 * F }, () => (rand() < 0.05 ? NaN : rand() * 80 - 20));
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ input: new ort.Tensor("float64", Xtest, [3000, F]) });
    await session.release();
    expect(maxRelativeDifference(out.Y.data as Float64Array, predictRidge(fitted, Xtest, 3000, F))).toBeLessThanOrEqual(1e-9);
  });

  it("refuses a zero std, naming the feature", () => {
    const m = randomRidge(1, 3);
    (m.stds as Float64Array)[1] = 0;
    expect(() => exportRidgeToOnnx(m)).toThrow(/stds\[1\] \(x1\)/);
  });
});
