/**
 * Test kit: deterministic random GBDT ensembles and feature rows that stress the split semantics
 * (values exactly on thresholds, one float32 ulp either side, float64 values that round onto a threshold, NaN).
 * Used by tests and the inference benchmark only.
 */
import type { GbdtModel, TreeArrays } from "../../gbdt/model";
import { mulberry32 as seededRandom } from "../../stats/random";

/** The test kit's seeded uniform source is the library's one PRNG (ml/stats/random.ts). */
export { seededRandom };

export interface RandomGbdtOptions {
  seed: number;
  nFeatures: number;
  nTrees: number;
  maxDepth: number;
  baseScore?: number;
  objective?: GbdtModel["objective"];
  alpha?: number;
  /** Scale of leaf values. */
  leafScale?: number;
}

function randomTree(rand: () => number, nFeatures: number, maxDepth: number, leafScale: number): TreeArrays {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const missingLeft: number[] = [];
  const value: number[] = [];
  const grow = (depth: number): number => {
    const id = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    missingLeft.push(0);
    value.push(0);
    // Stop early sometimes so trees are unbalanced (and depth-0 single-leaf trees occur).
    if (depth >= maxDepth || rand() < 0.15 * depth) {
      value[id] = (rand() * 2 - 1) * leafScale;
      return id;
    }
    feature[id] = Math.floor(rand() * nFeatures);
    // Thresholds on a coarse grid (so rows hit them exactly) plus some arbitrary float32 values.
    threshold[id] = Math.fround(rand() < 0.5 ? Math.round((rand() * 6 - 3) * 4) / 4 : rand() * 6 - 3);
    missingLeft[id] = rand() < 0.5 ? 1 : 0;
    left[id] = grow(depth + 1);
    right[id] = grow(depth + 1);
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
  };
}

export function randomGbdt(opts: RandomGbdtOptions): GbdtModel {
  const rand = seededRandom(opts.seed);
  const trees: TreeArrays[] = [];
  for (let t = 0; t < opts.nTrees; t++) trees.push(randomTree(rand, opts.nFeatures, opts.maxDepth, opts.leafScale ?? 1));
  return {
    format: "almanac-gbdt",
    version: 1,
    objective: opts.objective ?? "l2",
    ...(opts.alpha !== undefined ? { alpha: opts.alpha } : {}),
    baseScore: opts.baseScore ?? 10,
    featureNames: Array.from({ length: opts.nFeatures }, (_, i) => `f${i}`),
    trees,
  };
}

/** Next float32 above / below a float32 value. */
function nextFloat32(x: number, dir: 1 | -1): number {
  const f = new Float32Array([x]);
  const u = new Int32Array(f.buffer);
  if (x === 0) return dir * 1.401298464324817e-45;
  u[0] += (x > 0 ? 1 : -1) * dir;
  return f[0];
}

/**
 * Row-major [nRows, nFeatures] rows mixing: plain values, exact thresholds of the given models, one float32
 * ulp above/below a threshold, float64 values that round to a threshold in float32, and NaN.
 */
export function stressRows(models: GbdtModel[], nRows: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  const nFeatures = models[0].featureNames.length;
  const thresholdsByFeature: number[][] = Array.from({ length: nFeatures }, () => []);
  for (const m of models) {
    for (const t of m.trees) {
      for (let i = 0; i < t.feature.length; i++) if (t.feature[i] >= 0) thresholdsByFeature[t.feature[i]].push(t.threshold[i]);
    }
  }
  const X = new Float64Array(nRows * nFeatures);
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < nFeatures; f++) {
      const th = thresholdsByFeature[f];
      const u = rand();
      let x: number;
      if (u < 0.1) x = NaN;
      else if (th.length > 0 && u < 0.35) x = th[Math.floor(rand() * th.length)];
      else if (th.length > 0 && u < 0.45) x = nextFloat32(th[Math.floor(rand() * th.length)], rand() < 0.5 ? 1 : -1);
      else if (th.length > 0 && u < 0.5) {
        // Within a quarter ulp of a threshold in float64: rounds onto the threshold in float32.
        const t = th[Math.floor(rand() * th.length)];
        const ulp = Math.abs(nextFloat32(t, 1) - t);
        x = t + (rand() < 0.5 ? 1 : -1) * ulp * 0.25;
      } else x = rand() * 7 - 3.5;
      X[r * nFeatures + f] = x;
    }
  }
  return X;
}
