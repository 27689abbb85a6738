/**
 * Nonconformity scores and the intervals they imply. Every score divides by a per-series `scale`
 * (1 for plain absolute residuals) so that residuals of series with very different magnitudes can be
 * pooled: the normalised / scaled-residual conformal variant (Papadopoulos et al. 2008; Lei et al.
 * 2018 §5.2) with the series' in-sample MASE scale as the normaliser.
 */

/** |y − ŷ| / scale: split conformal around a point forecast. */
export function residualScore(actual: number, mean: number, scale = 1): number {
  return Math.abs(actual - mean) / scale;
}

/**
 * Conformalized quantile regression score (Romano, Patterson & Candès 2019):
 * E = max(q_lo − y, y − q_hi) / scale — negative inside the band, so CQR can also shrink a band
 * that the quantile model made too wide.
 */
export function cqrScore(actual: number, lower: number, upper: number, scale = 1): number {
  return Math.max(lower - actual, actual - upper) / scale;
}

/** ŷ ± q_h·scale per step. */
export function symmetricInterval(mean: Float64Array, q: Float64Array, scale = 1): { lower: Float64Array; upper: Float64Array } {
  const lower = new Float64Array(mean.length);
  const upper = new Float64Array(mean.length);
  for (let h = 0; h < mean.length; h++) {
    lower[h] = mean[h] - q[h] * scale;
    upper[h] = mean[h] + q[h] * scale;
  }
  return { lower, upper };
}

/** [q_lo − Q·scale, q_hi + Q·scale] per step (Romano et al. 2019, eq. 8); never inverted. */
export function cqrInterval(lowerQ: Float64Array, upperQ: Float64Array, q: Float64Array, scale = 1) {
  const lower = new Float64Array(lowerQ.length);
  const upper = new Float64Array(lowerQ.length);
  for (let h = 0; h < lowerQ.length; h++) {
    let lo = lowerQ[h] - q[h] * scale;
    let hi = upperQ[h] + q[h] * scale;
    if (lo > hi) lo = hi = (lo + hi) / 2;
    lower[h] = lo;
    upper[h] = hi;
  }
  return { lower, upper };
}
