/**
 * Checks ml/gbdt against a direct, unoptimised restatement of the algorithm it claims to implement
 * (the semantics scikit-learn's HistGradientBoostingRegressor uses for squared error): baseline = mean(y),
 * leaf-wise growth on the largest gain G_L²/(n_L+λ) + G_R²/(n_R+λ) − G²/(n+λ) with min rows per leaf,
 * missing values tried on both sides, leaf value −lr·G/(n+λ). The reference works on raw float values
 * against the learned bin edges (no histograms, no packing, no subtraction, no partition), so a bug in
 * any of those optimisations — a byte lane collision in the 4-features-per-word packing, the 256th bin
 * (bin 255 = missing with 255 value bins), float error in histogram subtraction, a partition that mixes
 * rows — changes the tree and fails here.
 */
import { describe, expect, it } from "vitest";
import { syntheticRegression } from "@/ml/gbdt/testkit/synthetic-regression";
import { binAt, binColumns, binOf, fitBinMapper } from "./bin";
import { predictGbdt } from "./predict";
import { createRng } from "./prng";
import { trainGbdt } from "./train";

interface RefLeaf {
  rows: number[];
  depth: number;
  gain: number;
  f: number;
  threshold: number;
  missingLeft: boolean;
}

/** One tree grown leaf-wise by brute force over raw values; returns each row's leaf value (with lr). */
function referenceTree(
  X: Float32Array,
  grad: Float64Array,
  nRows: number,
  nFeatures: number,
  edges: Float32Array[],
  o: { maxLeaves: number; minData: number; lambda: number; lr: number },
): Float64Array {
  const sum = (rows: number[]) => rows.reduce((s, r) => s + grad[r], 0);
  const score = (g: number, n: number) => (g * g) / (n + o.lambda);
  const best = (leaf: RefLeaf) => {
    leaf.gain = -Infinity;
    const n = leaf.rows.length;
    if (n < 2 * o.minData) return;
    const G = sum(leaf.rows);
    for (let f = 0; f < nFeatures; f++) {
      for (let b = 0; b < edges[f].length - 1; b++) {
        const t = edges[f][b];
        for (const missingLeft of [false, true]) {
          const left = leaf.rows.filter((r) => {
            const x = X[r * nFeatures + f];
            return x !== x ? missingLeft : Math.fround(x) <= t;
          });
          const nl = left.length;
          if (nl < o.minData || n - nl < o.minData) continue;
          const gl = sum(left);
          const gain = score(gl, nl) + score(G - gl, n - nl) - score(G, n);
          if (gain > leaf.gain + 1e-9) Object.assign(leaf, { gain, f, threshold: t, missingLeft });
        }
      }
    }
  };
  const root: RefLeaf = { rows: Array.from({ length: nRows }, (_, r) => r), depth: 0, gain: 0, f: -1, threshold: 0, missingLeft: false };
  best(root);
  const leaves = [root];
  while (leaves.length < o.maxLeaves) {
    const leaf = leaves.reduce((a, b) => (b.gain > a.gain ? b : a));
    if (!(leaf.gain > 0)) break;
    const goLeft = (r: number) => {
      const x = X[r * nFeatures + leaf.f];
      return x !== x ? leaf.missingLeft : Math.fround(x) <= leaf.threshold;
    };
    const right: RefLeaf = { rows: leaf.rows.filter((r) => !goLeft(r)), depth: leaf.depth + 1, gain: 0, f: -1, threshold: 0, missingLeft: false };
    leaf.rows = leaf.rows.filter(goLeft);
    leaf.depth++;
    best(leaf);
    best(right);
    leaves.push(right);
  }
  const out = new Float64Array(nRows);
  for (const leaf of leaves) {
    const v = (-sum(leaf.rows) / (leaf.rows.length + o.lambda)) * o.lr;
    for (const r of leaf.rows) out[r] = v;
  }
  return out;
}

describe("ml/gbdt against a brute-force reference", () => {
  it("grows the same first tree (leaf-wise, missing values, λ) as the direct algorithm", () => {
    const nRows = 600;
    const nFeatures = 6; // two packed words, the second half empty: lanes 4..5 used, 6..7 padding
    const rng = createRng(21);
    const X = new Float32Array(nRows * nFeatures);
    const y = new Float64Array(nRows);
    for (let r = 0; r < nRows; r++) {
      for (let f = 0; f < nFeatures; f++) X[r * nFeatures + f] = rng() * 2 - 1;
      const x = X.subarray(r * nFeatures, (r + 1) * nFeatures);
      y[r] = Math.sin(3 * x[0]) + 2 * x[1] * x[5] + (x[3] > 0.2 ? 1 : 0) + 0.2 * rng();
      if (rng() < 0.1) X[r * nFeatures + 5] = NaN;
      if (rng() < 0.05) X[r * nFeatures + 3] = NaN;
    }
    const params = { numTrees: 1, maxLeaves: 12, minDataInLeaf: 15, lambdaL2: 1, learningRate: 0.1, maxBin: 32, binSampleRows: nRows };
    const { model } = trainGbdt({ X, y, nRows, nFeatures }, params);
    const mean = y.reduce((a, b) => a + b, 0) / nRows;
    expect(model.baseScore).toBeCloseTo(mean, 12);
    // Same edges as the trainer (binSampleRows = nRows: no sampling, so the rng does not matter).
    const mapper = fitBinMapper(X, nRows, nFeatures, params.maxBin, nRows, createRng(0));
    const grad = Float64Array.from(y, (v) => mean - v);
    const ref = referenceTree(X, grad, nRows, nFeatures, mapper.edges, { maxLeaves: 12, minData: 15, lambda: 1, lr: 0.1 });
    const ours = predictGbdt(model, X, nRows, nFeatures);
    for (let r = 0; r < nRows; r++) expect(ours[r] - mean).toBeCloseTo(ref[r], 10);
    expect(model.trees[0].feature.filter((f) => f < 0).length).toBe(12);
  });

  it("keeps 255 value bins + the missing bin (255) in one byte without touching neighbouring lanes", () => {
    const nRows = 3000;
    const nFeatures = 8;
    const rng = createRng(5);
    const X = new Float32Array(nRows * nFeatures);
    for (let i = 0; i < X.length; i++) X[i] = rng() * 100 - 50;
    for (let r = 0; r < nRows; r += 3) X[r * nFeatures + 3] = NaN; // lane 3: bits 24..31
    for (let r = 1; r < nRows; r += 4) X[r * nFeatures + 4] = NaN; // lane 0 of the second word
    const mapper = fitBinMapper(X, nRows, nFeatures, 255, nRows, createRng(0));
    const bins = binColumns(mapper, X, nRows, nFeatures);
    for (let f = 0; f < nFeatures; f++) {
      expect(mapper.nValueBins[f]).toBe(255);
      for (let r = 0; r < nRows; r++) {
        const b = binOf(mapper.edges[f], X[r * nFeatures + f]);
        expect(binAt(bins, f, r)).toBe(b);
        expect(bins.columns[f * nRows + r]).toBe(b);
      }
    }
    expect(binAt(bins, 3, 0)).toBe(255);
    expect(binAt(bins, 4, 1)).toBe(255);
    // Highest value bin and the missing bin differ, and both are used.
    let top = 0;
    for (let r = 0; r < nRows; r++) if (binAt(bins, 0, r) === 254) top++;
    expect(top).toBeGreaterThan(0);
  });

  it("sums gradients in float64: a large-offset target keeps exact leaf means", () => {
    // Gradients pred − y ≈ ±1e4 over 20k rows; float32 sums would be off by whole units here.
    const nRows = 20_000;
    const X = new Float32Array(nRows);
    const y = new Float64Array(nRows);
    for (let r = 0; r < nRows; r++) {
      X[r] = r < nRows / 2 ? 0.25 : 0.75;
      y[r] = (r < nRows / 2 ? -1e4 : 1e4) + (r % 7) * 1e-3;
    }
    const { model } = trainGbdt({ X, y, nRows, nFeatures: 1 }, { numTrees: 1, maxLeaves: 2, learningRate: 1, lambdaL2: 0 });
    const p = predictGbdt(model, Float32Array.of(0.1, 0.9), 2, 1);
    let lo = 0;
    for (let r = 0; r < nRows / 2; r++) lo += y[r];
    let hi = 0;
    for (let r = nRows / 2; r < nRows; r++) hi += y[r];
    expect(p[0]).toBeCloseTo(lo / (nRows / 2), 6);
    expect(p[1]).toBeCloseTo(hi / (nRows / 2), 6);
  });
});

describe("ml/gbdt against scikit-learn", () => {
  it("reproduces HistGradientBoostingRegressor's model on the bench generator (same bins, same trees)", () => {
    // Golden values from scikit-learn 1.2.1 (/usr/bin/python3) on the data below, written as raw float32:
    //   HistGradientBoostingRegressor(max_iter=20, max_leaf_nodes=15, max_bins=64, learning_rate=0.2,
    //     min_samples_leaf=10, l2_regularization=1.0, early_stopping=False, random_state=0)
    // (3000 rows < 2e5, so neither side subsamples for bin edges). Differences of ~1e-9 come from
    // scikit-learn storing gradients as float32.
    const train = syntheticRegression(3000, 8, 31);
    const valid = syntheticRegression(500, 8, 32);
    const { model } = trainGbdt(
      { X: train.X, y: train.y, nRows: 3000, nFeatures: 8 },
      { numTrees: 20, maxLeaves: 15, maxBin: 64, learningRate: 0.2, minDataInLeaf: 10, lambdaL2: 1 },
    );
    const p = predictGbdt(model, valid.X, 500, 8);
    const sklearnFirst5 = [-0.6285248391779429, 1.8137750294430834, -0.06731198811510351, -0.45274676941623226, 1.4941031480150766];
    for (let i = 0; i < 5; i++) expect(p[i]).toBeCloseTo(sklearnFirst5[i], 7);
    let mse = 0;
    for (let i = 0; i < 500; i++) mse += (p[i] - valid.y[i]) ** 2;
    expect(mse / 500).toBeCloseTo(0.2701448715135585, 8);
  });
});
