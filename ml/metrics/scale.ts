/**
 * In-sample scale for MASE and MSIS exactly as in the M4 competition (Makridakis et al. 2018):
 * mean |y_t − y_{t−m}| over t = m+1..n of the training part. M4 uses m = 1 when the series is too
 * short for the seasonal lag; we do the same. Pairs with a NaN are skipped.
 */
export function seasonalScale(train: ArrayLike<number>, seasonLength: number): number {
  const m = seasonLength >= 1 && train.length > seasonLength ? seasonLength : 1;
  let s = 0;
  let c = 0;
  for (let t = m; t < train.length; t++) {
    const d = train[t] - train[t - m];
    if (Number.isFinite(d)) {
      s += Math.abs(d);
      c++;
    }
  }
  return c === 0 ? NaN : s / c;
}
