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

/** Smallest n for which `conformalQuantile` is finite at this alpha. */
export function minCalibrationSize(alpha: number): number {
  return Math.ceil((1 - alpha) / alpha);
}

/**
 * Conformal quantile per horizon step. A step with too few scores borrows from neighbouring steps
 * (h±1, h±2, …) until the finite-sample quantile exists — nearby steps have similar error
 * distributions, and widening the pool is preferable to an infinite interval.
 */
export function stepQuantiles(byStep: Float64Array[], alpha: number): Float64Array {
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
    if (lo === hi) {
      out[h] = conformalQuantile(byStep[h], alpha);
    } else {
      const pool: number[] = [];
      for (let j = lo; j <= hi; j++) for (const v of byStep[j]) pool.push(v);
      out[h] = conformalQuantile(pool, alpha);
    }
  }
  return out;
}
