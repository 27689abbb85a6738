import { describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { exportGbdtToOnnx } from "./export-gbdt";
import { OnnxExportError } from "./errors";
import { readSignature } from "./read-signature";
import { randomGbdt, seededRandom, stressRows } from "./testkit/random-gbdt";
import { trainGbdt } from "../gbdt/train";
import { predictGbdt } from "../gbdt/predict";
import { maxRelativeDifference } from "./testkit/compare";
import type { GbdtModel } from "../gbdt/model";

async function runOnnx(bytes: Uint8Array, X: Float64Array, nRows: number, nFeatures: number) {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({ input: new ort.Tensor("float32", Float32Array.from(X), [nRows, nFeatures]) });
    return out.Y;
  } finally {
    await session.release();
  }
}

describe("exportGbdtToOnnx", () => {
  it("matches the TypeScript prediction on stress rows (NaN, exact thresholds, ±1 ulp), 3 quantile heads", async () => {
    const nFeatures = 12;
    const heads = [0.1, 0.5, 0.9].map((alpha, i) => ({
      column: `q${alpha}`,
      model: randomGbdt({ seed: 11 + i, nFeatures, nTrees: 120, maxDepth: 6, objective: "quantile", alpha, baseScore: 50 * (i + 1) }),
    }));
    const nRows = 4000;
    const X = stressRows(
      heads.map((h) => h.model),
      nRows,
      7,
    );
    const { bytes, manifest } = exportGbdtToOnnx(heads);
    expect(manifest.signature.output.columns).toEqual(["q0.1", "q0.5", "q0.9"]);
    const Y = await runOnnx(bytes, X, nRows, nFeatures);
    expect(Y.dims).toEqual([nRows, 3]);
    const got = Y.data as Float32Array;
    for (let h = 0; h < heads.length; h++) {
      const want = predictGbdt(heads[h].model, X, nRows, nFeatures);
      const col = Float64Array.from({ length: nRows }, (_, r) => got[r * 3 + h]);
      expect(maxRelativeDifference(col, want)).toBeLessThanOrEqual(1e-5);
    }
  });

  it("routes NaN by missingLeft and values on the threshold to the left", async () => {
    // One split on f1 at 0.25: left leaf +1, right leaf -1; NaN goes right (missingLeft 0) in tree 0 and
    // left in tree 1 (leaf values ±10).
    const tree = (missingLeft: number, scale: number) => ({
      feature: Int32Array.from([1, -1, -1]),
      threshold: Float32Array.from([0.25, 0, 0]),
      left: Int32Array.from([1, -1, -1]),
      right: Int32Array.from([2, -1, -1]),
      missingLeft: Uint8Array.from([missingLeft, 0, 0]),
      value: Float64Array.from([0, scale, -scale]),
    });
    const model: GbdtModel = {
      format: "almanac-gbdt",
      version: 1,
      objective: "l2",
      baseScore: 100,
      featureNames: ["a", "b"],
      trees: [tree(0, 1), tree(1, 10)],
    };
    const xs = [0.25, Math.fround(0.25 + 1e-7), 0.25 + 1e-9, NaN, -5, 5];
    const X = Float64Array.from(xs.flatMap((x) => [0, x]));
    const Y = await runOnnx(exportGbdtToOnnx(model).bytes, X, xs.length, 2);
    // 0.25 exact: left,left → 111; next float32 up: right,right → 89; 0.25+1e-9 rounds to 0.25 in float32 → 111;
    // NaN: right (tree 0), left (tree 1) → 109.
    expect(Array.from(Y.data as Float32Array)).toEqual([111, 89, 111, 109, 111, 89]);
    expect(Array.from(predictGbdt(model, X, xs.length, 2))).toEqual([111, 89, 111, 109, 111, 89]);
  });

  it("exports an ensemble with no trees and single-leaf trees", async () => {
    const empty: GbdtModel = { format: "almanac-gbdt", version: 1, objective: "l2", baseScore: 3.5, featureNames: ["x"], trees: [] };
    const stump: GbdtModel = {
      ...empty,
      trees: [
        {
          feature: Int32Array.from([-1]),
          threshold: Float32Array.from([0]),
          left: Int32Array.from([-1]),
          right: Int32Array.from([-1]),
          missingLeft: Uint8Array.from([0]),
          value: Float64Array.from([0.25]),
        },
      ],
    };
    const Y = await runOnnx(
      exportGbdtToOnnx([
        { column: "a", model: empty },
        { column: "b", model: stump },
      ]).bytes,
      Float64Array.from([1, NaN]),
      2,
      1,
    );
    expect(Array.from(Y.data as Float32Array)).toEqual([3.5, 3.75, 3.5, 3.75]);
  });

  it("records the input signature and producer in metadata_props and the manifest", () => {
    const model = randomGbdt({ seed: 3, nFeatures: 4, nTrees: 2, maxDepth: 2 });
    const { bytes, manifest } = exportGbdtToOnnx(model);
    const read = readSignature(bytes);
    expect(read.signature).toEqual(manifest.signature);
    expect(read.signature.input).toEqual({ name: "input", dtype: "float32", featureNames: ["f0", "f1", "f2", "f3"] });
    expect(read.producer).toEqual(manifest.producer);
    expect(read.kind).toBe("gbdt");
  });

  it("refuses heads with different features and out-of-range children, naming the field", () => {
    const a = randomGbdt({ seed: 1, nFeatures: 3, nTrees: 2, maxDepth: 2 });
    const b = { ...randomGbdt({ seed: 2, nFeatures: 3, nTrees: 2, maxDepth: 2 }), featureNames: ["f0", "f2", "f1"] };
    expect(() =>
      exportGbdtToOnnx([
        { column: "a", model: a },
        { column: "b", model: b },
      ]),
    ).toThrow(/heads\[1\]\.model\.featureNames/);
    const bad = randomGbdt({ seed: 4, nFeatures: 3, nTrees: 1, maxDepth: 3 });
    bad.trees[0].left[0] = 99;
    expect(() => exportGbdtToOnnx(bad)).toThrow(OnnxExportError);
    expect(() => exportGbdtToOnnx(bad)).toThrow(/trees\[0\]\.left\[0\]/);
  });
});

describe("exportGbdtToOnnx on models from the trainer (ml/gbdt/train.ts)", () => {
  it("matches predictGbdt on 5000 rows for trained quantile heads (NaN in training and test data)", async () => {
    const nFeatures = 10;
    const nTrain = 3000;
    const rand = seededRandom(42);
    const X = new Float64Array(nTrain * nFeatures);
    const y = new Float64Array(nTrain);
    for (let r = 0; r < nTrain; r++) {
      for (let j = 0; j < nFeatures; j++) X[r * nFeatures + j] = rand() < 0.05 ? NaN : Math.round((rand() * 10 - 5) * 8) / 8;
      const a = X[r * nFeatures] || 0;
      const b = X[r * nFeatures + 1] || 0;
      y[r] = 100 + 3 * a - 2 * b * b + (rand() - 0.5) * 4;
    }
    const featureNames = Array.from({ length: nFeatures }, (_, j) => `x${j}`);
    const heads = [0.1, 0.5, 0.9].map((alpha) => ({
      column: `q${alpha}`,
      model: trainGbdt(
        { X, y, nRows: nTrain, nFeatures },
        { objective: "quantile", alpha, numTrees: 60, maxLeaves: 15, minDataInLeaf: 10, seed: 3 },
        { featureNames },
      ).model,
    }));
    expect(heads[0].model.trees.length).toBeGreaterThan(10);
    const nRows = 5000;
    const Xtest = stressRows(
      heads.map((h) => h.model),
      nRows,
      8,
    );
    const { bytes } = exportGbdtToOnnx(heads);
    const Y = (await runOnnx(bytes, Xtest, nRows, nFeatures)).data as Float32Array;
    for (let h = 0; h < 3; h++) {
      const want = predictGbdt(heads[h].model, Xtest, nRows, nFeatures);
      const col = Float64Array.from({ length: nRows }, (_, r) => Y[r * 3 + h]);
      expect(maxRelativeDifference(col, want)).toBeLessThanOrEqual(1e-5);
    }
  });
});
