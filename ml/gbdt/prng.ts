/**
 * Seeded PRNG for every random choice in ml/gbdt and ml/features (bagging, feature subsampling, bin
 * sampling). Mulberry32 (Tommy Ettinger, public domain): 32-bit state, passes PractRand to 2^32 outputs,
 * far more than a training run draws. Math.random is never used so a fixed seed gives the same model.
 */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
