/**
 * Seeded PRNG for every random choice in ml/gbdt and ml/features (bagging, feature subsampling, bin
 * sampling). Mulberry32 (Tommy Ettinger, public domain): 32-bit state, passes PractRand to 2^32 outputs,
 * far more than a training run draws. Math.random is never used so a fixed seed gives the same model.
 */
import { mulberry32 } from "../stats/random";

export type Rng = () => number;

/** The library's mulberry32 (ml/stats/random.ts), with the seed mixed so nearby seeds start far apart. */
export function createRng(seed: number): Rng {
  return mulberry32((Math.trunc(seed) ^ 0x9e3779b9) >>> 0);
}

/** Picks k distinct integers from [0, n) (partial Fisher–Yates), returned sorted ascending. */
export function sampleWithoutReplacement(n: number, k: number, rng: Rng): Int32Array {
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  const take = Math.min(k, n);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const tmp = pool[i];
    pool[i] = pool[j];
    pool[j] = tmp;
  }
  return pool.slice(0, take).sort();
}
