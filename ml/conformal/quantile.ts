/**
 * Split-conformal quantile (Vovk et al. 2005; Lei et al. 2018): with n calibration scores, the
 * ⌈(n+1)(1−α)⌉-th smallest score gives marginal coverage ≥ 1−α for an exchangeable new point.
 * Infinity when n is too small for the requested level (the honest answer).
 */
export function conformalQuantile(scores: ArrayLike<number>, alpha: number): number {
  const finite: number[] = [];
  for (let i = 0; i < scores.length; i++) if (!Number.isNaN(scores[i])) finite.push(scores[i]);
  const n = finite.length;
  const k = Math.ceil((n + 1) * (1 - alpha));
  if (k > n || n === 0) return Infinity;
  if (k <= 0) return -Infinity;
  const sorted = Float64Array.from(finite).sort();
  return sorted[k - 1];
}

/**
 * Weighted split-conformal quantile (Tibshirani et al. 2019; Barber et al. 2023, "Conformal prediction beyond
 * exchangeability"): the (1−α) quantile of Σ pᵢ δ(sᵢ) + p₊ δ(+∞) with pᵢ = wᵢ / (Σw + w₊), where w₊ (the new
 * point's weight) is the largest weight. With equal weights this is `conformalQuantile`. Infinity when the
 * mass at +∞ exceeds α.
 */
export function weightedConformalQuantile(scores: ArrayLike<number>, weights: ArrayLike<number>, alpha: number): number {
  if (weights.length !== scores.length) throw new RangeError(`weights: ${weights.length} for ${scores.length} scores`);
  const idx: number[] = [];
  let total = 0;
  let top = 0;
  for (let i = 0; i < scores.length; i++) {
    const w = weights[i];
    if (Number.isNaN(scores[i]) || !(w > 0) || !Number.isFinite(w)) continue;
    idx.push(i);
    total += w;
    if (w > top) top = w;
  }
  if (idx.length === 0) return Infinity;
  idx.sort((a, b) => scores[a] - scores[b]);
  const denom = total + top;
  const target = (1 - alpha) * denom;
  let acc = 0;
  for (const i of idx) {
    acc += weights[i];
    // A relative tolerance so that equal weights reproduce ⌈(n+1)(1−α)⌉ exactly despite rounding.
    if (acc >= target * (1 - 1e-12)) return scores[i];
  }
  return Infinity;
}

/** Smallest n for which `conformalQuantile` is finite at this alpha. */
export function minCalibrationSize(alpha: number): number {
  return Math.ceil((1 - alpha) / alpha);
}

/**
 * Conformal quantile per horizon step. A step with too few scores borrows from neighbouring steps
 * (h±1, h±2, …) until the finite-sample quantile exists — nearby steps have similar error
 * distributions, and widening the pool is preferable to an infinite interval.
 */
export function stepQuantiles(byStep: Float64Array[], alpha: number, weightsByStep?: Float64Array[]): Float64Array {
  const H = byStep.length;
  const need = minCalibrationSize(alpha);
  const counts = byStep.map((s) => {
    let c = 0;
    for (let i = 0; i < s.length; i++) if (!Number.isNaN(s[i])) c++;
    return c;
  });
  const out = new Float64Array(H);
  for (let h = 0; h < H; h++) {
    let lo = h;
    let hi = h;
    let n = counts[h];
    while (n < need && (lo > 0 || hi < H - 1)) {
      if (lo > 0) n += counts[--lo];
      if (n < need && hi < H - 1) n += counts[++hi];
    }
    if (weightsByStep) {
      const pool: number[] = [];
      const weights: number[] = [];
      for (let j = lo; j <= hi; j++) {
        byStep[j].forEach((v) => pool.push(v));
        weightsByStep[j].forEach((w) => weights.push(w));
      }
      const q = weightedConformalQuantile(pool, weights, alpha);
      // Down-weighted old scores can leave the pool short of mass for this level: fall back to equal weights.
      out[h] = Number.isFinite(q) ? q : conformalQuantile(pool, alpha);
    } else if (lo === hi) {
      out[h] = conformalQuantile(byStep[h], alpha);
    } else {
      const pool: number[] = [];
      for (let j = lo; j <= hi; j++) for (const v of byStep[j]) pool.push(v);
      out[h] = conformalQuantile(pool, alpha);
    }
  }
  return out;
}
