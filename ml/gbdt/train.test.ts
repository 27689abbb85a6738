import { describe, expect, it } from "vitest";
import { binAt, binColumns, binOf, fitBinMapper } from "./bin";
import { predictGbdt } from "./predict";
import { createRng } from "./prng";
import { trainGbdt } from "./train";

function matrix(nRows: number, nFeatures: number, seed: number, fn: (x: Float32Array, rng: () => number) => number) {
  const rng = createRng(seed);
  const X = new Float32Array(nRows * nFeatures);
  const y = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const row = X.subarray(r * nFeatures, (r + 1) * nFeatures);
    for (let f = 0; f < nFeatures; f++) row[f] = rng() * 2 - 1;
    y[r] = fn(row, rng);
  }
  return { X, y, nRows, nFeatures };
}

function mse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / a.length;
}

describe("binning", () => {
  it("routes every value like its float32 threshold", () => {
    const d = matrix(2000, 3, 1, (x) => x[0]);
    const mapper = fitBinMapper(d.X, d.nRows, 3, 16, 500, createRng(1));
    const bins = binColumns(mapper, d.X, d.nRows, 3);
    for (let f = 0; f < 3; f++) {
      const e = mapper.edges[f];
      expect(e.length).toBeLessThanOrEqual(16);
      for (let r = 0; r < d.nRows; r++) {
        const b = binOf(e, d.X[r * 3 + f]);
        expect(binAt(bins, f, r)).toBe(b);
        if (b < e.length - 1) expect(Math.fround(d.X[r * 3 + f]) <= e[b]).toBe(true);
        if (b > 0) expect(Math.fround(d.X[r * 3 + f]) > e[b - 1]).toBe(true);
      }
    }
    expect(binOf(mapper.edges[0], NaN)).toBe(mapper.edges[0].length);
  });
});

describe("trainGbdt", () => {
  it("recovers a step function", () => {
    const d = matrix(3000, 2, 2, (x) => (x[0] > 0.3 ? 5 : -1));
    const { model } = trainGbdt(d, { numTrees: 30, learningRate: 0.3, maxLeaves: 4, minDataInLeaf: 5 });
    const test = new Float32Array([0.29, 0, 0.31, 0, -0.9, 0.5, 0.9, -0.5]);
    const p = predictGbdt(model, test, 4, 2);
    expect(p[0]).toBeCloseTo(-1, 1);
    expect(p[1]).toBeCloseTo(5, 1);
    expect(p[2]).toBeCloseTo(-1, 1);
    expect(p[3]).toBeCloseTo(5, 1);
  });

  it("learns the sign interaction x1*x2 that no single feature explains", () => {
    const d = matrix(4000, 3, 3, (x) => (x[0] * x[1] > 0 ? 1 : -1));
    const { model } = trainGbdt(d, { numTrees: 50, learningRate: 0.2, maxLeaves: 8, minDataInLeaf: 10 });
    const t = matrix(1000, 3, 4, (x) => (x[0] * x[1] > 0 ? 1 : -1));
    const p = predictGbdt(model, t.X, t.nRows, 3);
    let correct = 0;
    for (let i = 0; i < t.nRows; i++) if (Math.sign(p[i]) === t.y[i]) correct++;
    expect(correct / t.nRows).toBeGreaterThan(0.95);
  });

  it("is deterministic for a fixed seed and differs across seeds with subsampling", () => {
    const d = matrix(2000, 6, 5, (x, rng) => x[0] + x[1] * x[2] + 0.1 * rng());
    const params = { numTrees: 20, baggingFraction: 0.7, featureFraction: 0.6, seed: 42 };
    const a = trainGbdt(d, params).model;
    const b = trainGbdt(d, params).model;
    const c = trainGbdt(d, { ...params, seed: 43 }).model;
    const pa = predictGbdt(a, d.X, d.nRows, 6);
    expect(Array.from(predictGbdt(b, d.X, d.nRows, 6))).toEqual(Array.from(pa));
    expect(Array.from(predictGbdt(c, d.X, d.nRows, 6))).not.toEqual(Array.from(pa));
  });

  it("keeps training scores identical to the float predictor (bins agree with thresholds)", () => {
    const d = matrix(3000, 5, 6, (x) => Math.sin(4 * x[0]) + x[3]);
    for (let r = 0; r < d.nRows; r += 7) d.X[r * 5 + 3] = NaN;
    const res = trainGbdt(d, { numTrees: 15, baggingFraction: 0.8 });
    const p = predictGbdt(res.model, d.X, d.nRows, 5);
    expect(mse(p, d.y)).toBeCloseTo(res.trainLoss[res.trainLoss.length - 1], 10);
  });

  it("learns which side missing values go", () => {
    // Missing x0 behaves like a large x0: NaN rows must follow the right branch of x0 > 0.
    const rng = createRng(7);
    const n = 4000;
    const X = new Float32Array(n * 2);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const missing = rng() < 0.2;
      const x0 = rng() * 2 - 1;
      X[r * 2] = missing ? NaN : x0;
      X[r * 2 + 1] = rng();
      y[r] = missing || x0 > 0 ? 10 : 0;
    }
    const { model } = trainGbdt({ X, y, nRows: n, nFeatures: 2 }, { numTrees: 20, learningRate: 0.5, maxLeaves: 4 });
    const p = predictGbdt(model, new Float32Array([NaN, 0.5, -0.5, 0.5, 0.5, 0.5]), 3, 2);
    expect(p[0]).toBeCloseTo(10, 0);
    expect(p[1]).toBeCloseTo(0, 0);
    expect(p[2]).toBeCloseTo(10, 0);
    // And the opposite: missing behaves like a small value.
    for (let r = 0; r < n; r++) y[r] = X[r * 2] > 0 ? 10 : 0; // NaN > 0 is false
    const m2 = trainGbdt({ X, y, nRows: n, nFeatures: 2 }, { numTrees: 20, learningRate: 0.5, maxLeaves: 4 }).model;
    expect(predictGbdt(m2, new Float32Array([NaN, 0.5]), 1, 2)[0]).toBeCloseTo(0, 0);
  });

  it("quantile objective covers about its quantile on heteroscedastic data", () => {
    const gen = (seed: number) =>
      matrix(6000, 2, seed, (x, rng) => {
        const u = rng();
        const z = Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * rng());
        return x[0] + (0.1 + Math.abs(x[1])) * z;
      });
    const train = gen(8);
    const test = gen(9);
    for (const alpha of [0.1, 0.9]) {
      const { model } = trainGbdt(train, { objective: "quantile", alpha, numTrees: 80, learningRate: 0.1, maxLeaves: 15, minDataInLeaf: 40 });
      expect(model.alpha).toBe(alpha);
      const p = predictGbdt(model, test.X, test.nRows, 2);
      let below = 0;
      for (let i = 0; i < test.nRows; i++) if (test.y[i] <= p[i]) below++;
      expect(below / test.nRows).toBeGreaterThan(alpha - 0.04);
      expect(below / test.nRows).toBeLessThan(alpha + 0.04);
    }
  });

  it("L1 objective is robust to outliers where L2 is not", () => {
    const d = matrix(3000, 1, 10, (x, rng) => (x[0] > 0 ? 1 : 0) + (rng() < 0.05 ? 1000 : 0));
    const l1 = trainGbdt(d, { objective: "l1", numTrees: 30, learningRate: 0.5, maxLeaves: 4 }).model;
    const p = predictGbdt(l1, new Float32Array([-0.5, 0.5]), 2, 1);
    expect(p[0]).toBeCloseTo(0, 1);
    expect(p[1]).toBeCloseTo(1, 1);
  });

  it("early-stops on the validation split and reports progress", () => {
    const train = matrix(1500, 4, 11, (x, rng) => x[0] + 2 * (rng() - 0.5));
    const valid = matrix(500, 4, 12, (x, rng) => x[0] + 2 * (rng() - 0.5));
    const events: number[] = [];
    const res = trainGbdt(train, { numTrees: 500, learningRate: 0.3, maxLeaves: 31, minDataInLeaf: 5, earlyStoppingRounds: 10 }, {
      valid,
      onIteration: (e) => events.push(e.validLoss!),
    });
    expect(res.model.trees.length).toBeLessThan(100);
    expect(events.length).toBe(res.model.trees.length + 10);
    expect(Math.min(...events)).toBeCloseTo(events[res.model.trees.length - 1], 12);
  });

  it("respects maxDepth and maxLeaves", () => {
    const d = matrix(2000, 3, 13, (x) => x[0] * 3 + x[1] * x[2]);
    const { model } = trainGbdt(d, { numTrees: 3, maxLeaves: 64, maxDepth: 2, minDataInLeaf: 1 });
    for (const t of model.trees) expect(t.feature.filter((f) => f < 0).length).toBeLessThanOrEqual(4);
    const m2 = trainGbdt(d, { numTrees: 3, maxLeaves: 5, minDataInLeaf: 1 }).model;
    for (const t of m2.trees) expect(t.feature.filter((f) => f < 0).length).toBe(5);
  });

  it("rejects bad input with the field and row", () => {
    const d = matrix(10, 2, 14, (x) => x[0]);
    d.y[3] = NaN;
    expect(() => trainGbdt(d)).toThrow(/row 3/);
    expect(() => trainGbdt({ ...matrix(10, 2, 1, (x) => x[0]) }, { maxBin: 300 })).toThrow(/maxBin/);
  });
});
