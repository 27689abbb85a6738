import { describe, expect, it } from "vitest";
import { treeShap } from "../explain/tree-shap";
import { predictGbdt } from "../gbdt/predict";
import { syntheticRegression } from "../gbdt/testkit/synthetic-regression";
import { trainGbdt } from "../gbdt/train";
import { OnnxReadError } from "./errors";
import { exportGbdtToOnnx } from "./export-gbdt";
import { exportRidgeToOnnx } from "./export-ridge";
import { readGbdtFromOnnx } from "./read-gbdt";
import { randomGbdt } from "./testkit/random-gbdt";

describe("readGbdtFromOnnx", () => {
  const nRows = 2000;
  const nFeatures = 6;
  const { X, y } = syntheticRegression(nRows, nFeatures, 4);
  const train = (objective: "l2" | "quantile", alpha = 0.5) =>
    trainGbdt({ X, y, nRows, nFeatures }, { objective, alpha, numTrees: 25, maxLeaves: 15, baggingFraction: 0.9, seed: 2 }).model;

  it("gives back the exported trees exactly, with their cover, per head", () => {
    const heads = [
      { column: "mean", model: train("l2") },
      { column: "q0.9", model: train("quantile", 0.9) },
    ];
    const read = readGbdtFromOnnx(exportGbdtToOnnx(heads).bytes);
    expect(read.map((h) => h.column)).toEqual(["mean", "q0.9"]);
    read.forEach((h, k) => {
      const want = heads[k].model;
      expect(h.baseScore).toBe(want.baseScore);
      expect(h.featureNames).toEqual(want.featureNames);
      expect(h.trees.length).toBe(want.trees.length);
      h.trees.forEach((t, i) => {
        const w = want.trees[i];
        expect(t.feature).toEqual(w.feature);
        expect(t.threshold).toEqual(w.threshold);
        expect(Array.from(t.left).filter((_, j) => w.feature[j] >= 0)).toEqual(Array.from(w.left).filter((_, j) => w.feature[j] >= 0));
        expect(Array.from(t.right).filter((_, j) => w.feature[j] >= 0)).toEqual(Array.from(w.right).filter((_, j) => w.feature[j] >= 0));
        expect(Array.from(t.missingLeft).filter((_, j) => w.feature[j] >= 0)).toEqual(Array.from(w.missingLeft).filter((_, j) => w.feature[j] >= 0));
        expect(t.value).toEqual(w.value);
        expect(t.cover).toEqual(w.cover);
      });
    });
    // Same predictions and same SHAP values from the read-back trees.
    const test = syntheticRegression(50, nFeatures, 9).X;
    const fromOnnx = treeShap(read[0], test, 50, nFeatures);
    const direct = treeShap(heads[0].model, test, 50, nFeatures);
    expect(fromOnnx.expectedValue).toBe(direct.expectedValue);
    expect(fromOnnx.contributions).toEqual(direct.contributions);
    expect(fromOnnx.predictions).toEqual(predictGbdt(heads[0].model, test, 50, nFeatures));
  });

  it("reads a model exported without cover as trees without cover (TreeSHAP then refuses it)", () => {
    const model = randomGbdt({ seed: 5, nFeatures: 4, nTrees: 3, maxDepth: 3 });
    const [head] = readGbdtFromOnnx(exportGbdtToOnnx(model).bytes);
    expect(head.trees.every((t) => t.cover === undefined)).toBe(true);
    expect(head.trees[0].value).toEqual(model.trees[0].value);
    expect(() => treeShap(head, new Float64Array(4), 1, 4)).toThrow(/no node cover/);
  });

  it("refuses an artifact that is not a GBDT", () => {
    const ridge = exportRidgeToOnnx({ featureNames: ["a", "b"], means: [0, 0], stds: [1, 1], weights: [1, 2], intercept: 0.5 });
    expect(() => readGbdtFromOnnx(ridge.bytes)).toThrow(OnnxReadError);
    expect(() => readGbdtFromOnnx(new Uint8Array([1, 2, 3]))).toThrow(OnnxReadError);
  });
});
