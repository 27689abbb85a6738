import { describe, expect, it } from "vitest";
import type { GbdtModel, TreeArrays } from "../gbdt/model";
import { predictGbdt, predictTreeRow } from "../gbdt/predict";
import { syntheticRegression } from "../gbdt/testkit/synthetic-regression";
import { trainGbdt } from "../gbdt/train";
import { mulberry32 } from "../stats/random";
import { InvalidInputError } from "../errors";
import { expectedValue, treeShap } from "./tree-shap";

/** Random tree with integer covers (leaves drawn, internal = sum of children), repeated features, NaN routing. */
function randomTree(rand: () => number, nFeatures: number, maxDepth: number): TreeArrays {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const missingLeft: number[] = [];
  const value: number[] = [];
  const cover: number[] = [];
  const grow = (depth: number): number => {
    const id = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    missingLeft.push(0);
    value.push(0);
    cover.push(0);
    if (depth >= maxDepth || (depth > 0 && rand() < 0.2)) {
      value[id] = (rand() * 2 - 1) * 5;
      cover[id] = 1 + Math.floor(rand() * 50);
      return id;
    }
    // Few distinct features per tree so that features repeat along paths (the UNWIND case).
    feature[id] = Math.floor(rand() * nFeatures);
    threshold[id] = Math.fround(rand() * 2 - 1);
    missingLeft[id] = rand() < 0.5 ? 1 : 0;
    left[id] = grow(depth + 1);
    right[id] = grow(depth + 1);
    cover[id] = cover[left[id]] + cover[right[id]];
    return id;
  };
  grow(0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float32Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    missingLeft: Uint8Array.from(missingLeft),
    value: Float64Array.from(value),
    cover: Float64Array.from(cover),
  };
}

function randomModel(seed: number, nFeatures: number, nTrees: number, maxDepth: number): GbdtModel {
  const rand = mulberry32(seed);
  return {
    format: "almanac-gbdt",
    version: 1,
    objective: "l2",
    baseScore: rand() * 10 - 5,
    featureNames: Array.from({ length: nFeatures }, (_, i) => `f${i}`),
    trees: Array.from({ length: nTrees }, () => randomTree(rand, nFeatures, maxDepth)),
  };
}

/**
 * E[f(x) | x_S] as TreeSHAP defines it (the paper's Algorithm 1, EXPVALUE): follow x at features in S,
 * average the children by cover elsewhere.
 */
function conditionalExpectation(tree: TreeArrays, x: ArrayLike<number>, inS: boolean[], node = 0): number {
  const f = tree.feature[node];
  if (f < 0) return tree.value[node];
  const l = tree.left[node];
  const r = tree.right[node];
  if (inS[f]) {
    const v = x[f];
    const goLeft = v !== v ? tree.missingLeft[node] === 1 : Math.fround(v) <= tree.threshold[node];
    return conditionalExpectation(tree, x, inS, goLeft ? l : r);
  }
  const c = tree.cover!;
  return (c[l] * conditionalExpectation(tree, x, inS, l) + c[r] * conditionalExpectation(tree, x, inS, r)) / c[node];
}

/** Shapley values by enumerating all 2^M coalitions: φ_i = Σ_S |S|!(M−|S|−1)!/M! (v(S∪i) − v(S)). */
function bruteForceShap(model: GbdtModel, x: ArrayLike<number>): Float64Array {
  const M = model.featureNames.length;
  const fact = [1];
  for (let k = 1; k <= M; k++) fact.push(fact[k - 1] * k);
  const v = new Float64Array(1 << M);
  for (let mask = 0; mask < 1 << M; mask++) {
    const inS = Array.from({ length: M }, (_, i) => (mask & (1 << i)) !== 0);
    let s = model.baseScore;
    for (const t of model.trees) s += conditionalExpectation(t, x, inS);
    v[mask] = s;
  }
  const phi = new Float64Array(M);
  for (let mask = 0; mask < 1 << M; mask++) {
    let size = 0;
    for (let i = 0; i < M; i++) if (mask & (1 << i)) size++;
    for (let i = 0; i < M; i++) {
      if (mask & (1 << i)) continue;
      phi[i] += ((fact[size] * fact[M - size - 1]) / fact[M]) * (v[mask | (1 << i)] - v[mask]);
    }
  }
  return phi;
}

function randomRows(rand: () => number, model: GbdtModel, nRows: number): Float64Array {
  const M = model.featureNames.length;
  const X = new Float64Array(nRows * M);
  const thresholds = model.trees.flatMap((t) => Array.from(t.threshold.filter((_, i) => t.feature[i] >= 0)));
  for (let k = 0; k < X.length; k++) {
    const u = rand();
    // Values exactly on a threshold (goes left), NaN (follows missingLeft) and plain uniforms.
    X[k] = u < 0.1 ? NaN : u < 0.2 && thresholds.length ? thresholds[Math.floor(rand() * thresholds.length)] : rand() * 2 - 1;
  }
  return X;
}

describe("treeShap", () => {
  it("equals brute-force Shapley values of the path-dependent expectation on small random ensembles (1e-9)", () => {
    let maxDiff = 0;
    let cases = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const M = 2 + (seed % 7); // 2..8 features
      const model = randomModel(seed, M, 1 + (seed % 4), 2 + (seed % 5));
      const rand = mulberry32(1000 + seed);
      const nRows = 8;
      const X = randomRows(rand, model, nRows);
      const { contributions, expectedValue: e, predictions } = treeShap(model, X, nRows, M);
      for (let r = 0; r < nRows; r++) {
        const x = X.subarray(r * M, (r + 1) * M);
        const want = bruteForceShap(model, x);
        for (let i = 0; i < M; i++) maxDiff = Math.max(maxDiff, Math.abs(contributions[r][i] - want[i]));
        // Additivity, and the empty coalition is the expected value.
        const sum = contributions[r].reduce((a, b) => a + b, 0);
        expect(Math.abs(sum + e - predictions[r])).toBeLessThan(1e-9);
        cases++;
      }
      expect(Math.abs(e - model.trees.reduce((s, t) => s + conditionalExpectation(t, [], new Array(M).fill(false)), model.baseScore))).toBeLessThan(1e-12);
    }
    expect(cases).toBe(240);
    expect(maxDiff).toBeLessThan(1e-9);
  });

  it("gives the hand-computed values of a two-split tree", () => {
    // Root (cover 4) on x0 <= 0.5: left leaf 10 (cover 2); right node (cover 2) on x1 <= 0: leaves 20 and 40.
    // E = (2·10 + 20 + 40)/4 = 20. For x = (1, 1): v(∅) = 20, v({0}) = 30, v({1}) = 25, v({0,1}) = 40, so
    // φ0 = ½(10 + 15) = 12.5 and φ1 = ½(5 + 10) = 7.5.
    const tree: TreeArrays = {
      feature: Int32Array.from([0, -1, 1, -1, -1]),
      threshold: Float32Array.from([0.5, 0, 0, 0, 0]),
      left: Int32Array.from([1, -1, 3, -1, -1]),
      right: Int32Array.from([2, -1, 4, -1, -1]),
      missingLeft: Uint8Array.from([0, 0, 0, 0, 0]),
      value: Float64Array.from([0, 10, 0, 20, 40]),
      cover: Float64Array.from([4, 2, 2, 1, 1]),
    };
    const model: GbdtModel = { format: "almanac-gbdt", version: 1, objective: "l2", baseScore: 1, featureNames: ["a", "b"], trees: [tree] };
    const out = treeShap(model, Float64Array.from([1, 1, 0, 7]), 2, 2);
    expect(out.expectedValue).toBe(21);
    expect(Array.from(out.contributions[0])).toEqual([12.5, 7.5]);
    // x = (0, 7): lands in the left leaf; x1 is never consulted on that path but changes v({1}) = 25 → 25.
    // v(∅) = 20, v({0}) = 10, v({1}) = 25, v({0,1}) = 10: φ0 = ½(−10 − 15) = −12.5, φ1 = ½(5 + 0) = 2.5.
    expect(Array.from(out.contributions[1])).toEqual([-12.5, 2.5]);
    expect(out.predictions[1]).toBe(11);
  });

  it("adds up to prediction − expected value on a trained GBDT (bagging, feature fraction, NaN) to 1e-9", () => {
    const nRows = 3000;
    const nFeatures = 8;
    const { X, y } = syntheticRegression(nRows, nFeatures, 5);
    const { model } = trainGbdt(
      { X, y, nRows, nFeatures },
      { numTrees: 60, maxLeaves: 15, learningRate: 0.1, baggingFraction: 0.8, featureFraction: 0.75, seed: 3 },
    );
    for (const t of model.trees) {
      const c = t.cover!;
      for (let i = 0; i < t.feature.length; i++) if (t.feature[i] >= 0) expect(c[i]).toBe(c[t.left[i]] + c[t.right[i]]);
      expect(c[0]).toBeGreaterThan(0.7 * nRows);
    }
    const nTest = 400;
    const test = syntheticRegression(nTest, nFeatures, 99).X;
    const out = treeShap(model, test, nTest, nFeatures);
    const pred = predictGbdt(model, test, nTest, nFeatures);
    let maxErr = 0;
    for (let r = 0; r < nTest; r++) {
      const sum = out.contributions[r].reduce((a, b) => a + b, 0);
      maxErr = Math.max(maxErr, Math.abs(sum + out.expectedValue - pred[r]));
    }
    expect(maxErr).toBeLessThan(1e-9);
    // The expected value is the model's mean output over its (in-bag) training rows: close to the train mean.
    const trainPred = predictGbdt(model, X, nRows, nFeatures);
    expect(Math.abs(out.expectedValue - trainPred.reduce((a, b) => a + b, 0) / nRows)).toBeLessThan(0.05);
    // Features 6 and 7 are pure noise in syntheticRegression: their attributions are the smallest.
    const meanAbs = Array.from({ length: nFeatures }, (_, i) => out.contributions.reduce((s, c) => s + Math.abs(c[i]), 0) / nTest);
    expect(Math.max(meanAbs[6], meanAbs[7])).toBeLessThan(Math.min(meanAbs[0], meanAbs[1], meanAbs[2], meanAbs[3]));
  });

  it("brute force agrees on a trained GBDT too (6 features, path-dependent expectations by its covers)", () => {
    const nRows = 1500;
    const nFeatures = 6;
    const { X, y } = syntheticRegression(nRows, nFeatures, 8);
    const { model } = trainGbdt({ X, y, nRows, nFeatures }, { numTrees: 15, maxLeaves: 12, seed: 1 });
    const test = syntheticRegression(20, nFeatures, 77).X;
    const out = treeShap(model, test, 20, nFeatures);
    let maxDiff = 0;
    for (let r = 0; r < 20; r++) {
      const want = bruteForceShap(model, test.subarray(r * nFeatures, (r + 1) * nFeatures));
      for (let i = 0; i < nFeatures; i++) maxDiff = Math.max(maxDiff, Math.abs(out.contributions[r][i] - want[i]));
    }
    expect(maxDiff).toBeLessThan(1e-9);
  });

  it("refuses models without cover and mismatched matrices, naming the field", () => {
    const model = randomModel(3, 4, 2, 3);
    const { cover: _drop, ...noCover } = model.trees[1];
    const bare: GbdtModel = { ...model, trees: [model.trees[0], noCover] };
    expect(() => treeShap(bare, new Float64Array(4), 1, 4)).toThrow(/trees\[1\] has no node cover/);
    expect(() => expectedValue(bare)).toThrow(InvalidInputError);
    try {
      treeShap(model, new Float64Array(4), 1, 3);
      expect.unreachable();
    } catch (err) {
      expect((err as InvalidInputError).field).toBe("nFeatures");
    }
    expect(() => treeShap(model, new Float64Array(3), 1, 4)).toThrow(/X has 3 values/);
  });

  it("handles single-leaf trees (no attribution, value in the expected value)", () => {
    const leaf: TreeArrays = {
      feature: Int32Array.from([-1]),
      threshold: Float32Array.from([0]),
      left: Int32Array.from([-1]),
      right: Int32Array.from([-1]),
      missingLeft: Uint8Array.from([0]),
      value: Float64Array.from([2.5]),
      cover: Float64Array.from([10]),
    };
    const model: GbdtModel = { format: "almanac-gbdt", version: 1, objective: "l2", baseScore: 1, featureNames: ["a"], trees: [leaf] };
    const out = treeShap(model, Float64Array.from([3]), 1, 1);
    expect(out.expectedValue).toBe(3.5);
    expect(out.contributions[0][0]).toBe(0);
    expect(predictTreeRow(leaf, [3], 0)).toBe(2.5);
  });
});
