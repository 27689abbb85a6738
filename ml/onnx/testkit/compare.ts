/**
 * max_i |a_i - b_i| / max(|b_i|, 1): relative difference, with an absolute floor of 1 so values near zero
 * (where float32 output rounding is not relative) do not blow up the ratio. Both NaN counts as equal;
 * a NaN on one side only is Infinity.
 */
export function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return Infinity;
      continue;
    }
    worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(y), 1));
  }
  return worst;
}
