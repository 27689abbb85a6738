/**
 * Qlib's rolling operators (qlib/data/ops.py) on Float64Array: windows of N with min_periods = 1, so a window
 * holds the last min(N, t + 1) bars and NaNs inside it are skipped (pandas' rolling semantics). Each output is
 * NaN where the window has fewer valid values than the statistic needs (one for mean/max, two for std/corr).
 */

/** Qlib `Ref(x, n)`: x shifted n bars later (NaN for the first n). */
export function ref(x: Float64Array, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  for (let t = n; t < x.length; t++) out[t] = x[t - n];
  return out;
}

/** Calls `f(lo, hi)` for each bar t with the window [lo, hi] = [max(0, t − N + 1), t]. */
function roll(n: number, w: number, f: (lo: number, hi: number) => number): Float64Array {
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = f(Math.max(0, t - w + 1), t);
  return out;
}

export function rollingSum(x: Float64Array, w: number): Float64Array {
  return roll(x.length, w, (lo, hi) => {
    let s = 0;
    let k = 0;
    for (let i = lo; i <= hi; i++) if (!Number.isNaN(x[i])) { s += x[i]; k++; }
    return k === 0 ? NaN : s;
  });
}

export function rollingMean(x: Float64Array, w: number): Float64Array {
  return roll(x.length, w, (lo, hi) => {
    let s = 0;
    let k = 0;
    for (let i = lo; i <= hi; i++) if (!Number.isNaN(x[i])) { s += x[i]; k++; }
    return k === 0 ? NaN : s / k;
  });
}

/** Sample standard deviation (ddof = 1), as pandas' rolling std. */
export function rollingStd(x: Float64Array, w: number): Float64Array {
  return roll(x.length, w, (lo, hi) => {
    let s = 0;
    let k = 0;
    for (let i = lo; i <= hi; i++) if (!Number.isNaN(x[i])) { s += x[i]; k++; }
    if (k < 2) return NaN;
    const m = s / k;
    let ss = 0;
    for (let i = lo; i <= hi; i++) if (!Number.isNaN(x[i])) ss += (x[i] - m) ** 2;
    return Math.sqrt(ss / (k - 1));
  });
}

export function rollingMax(x: Float64Array, w: number): Float64Array {
  return roll(x.length, w, (lo, hi) => {
    let m = -Infinity;
    let k = 0;
    for (let i = lo; i <= hi; i++) if (!Number.isNaN(x[i])) { if (x[i] > m) m = x[i]; k++; }
    return k === 0 ? NaN : m;
  });
}

export function rollingMin(x: Float64Array, w: number): Float64Array {
  return roll(x.length, w, (lo, hi) => {
    let m = Infinity;
    let k = 0;
    for (let i = lo; i <= hi; i++) if (!Number.isNaN(x[i])) { if (x[i] < m) m = x[i]; k++; }
    return k === 0 ? NaN : m;
  });
}

/** Qlib `Quantile(x, N, q)`: pandas' rolling quantile, linear interpolation between order statistics. */
export function rollingQuantile(x: Float64Array, w: number, q: number): Float64Array {
  return roll(x.length, w, (lo, hi) => {
    const v: number[] = [];
    for (let i = lo; i <= hi; i++) if (!Number.isNaN(x[i])) v.push(x[i]);
    if (v.length === 0) return NaN;
    v.sort((a, b) => a - b);
    const pos = q * (v.length - 1);
    const j = Math.floor(pos);
    return j + 1 < v.length ? v[j] + (v[j + 1] - v[j]) * (pos - j) : v[j];
  });
}

/** Qlib `Rank(x, N)`: the percentile of the last value in its window (ties averaged, as rank(pct=True)). */
export function rollingRank(x: Float64Array, w: number): Float64Array {
  return roll(x.length, w, (lo, hi) => {
    const last = x[hi];
    if (Number.isNaN(last)) return NaN;
    let below = 0;
    let equal = 0;
    let k = 0;
    for (let i = lo; i <= hi; i++) {
      if (Number.isNaN(x[i])) continue;
      k++;
      if (x[i] < last) below++;
      else if (x[i] === last) equal++;
    }
    return (below + (equal + 1) / 2) / k;
  });
}

/**
 * Qlib `IdxMax` / `IdxMin`: `rolling(N, min_periods=1).apply(argmax + 1)`, the 1-based position of the first
 * extreme counted from the start of the (possibly shorter, early) window. A NaN in the window is where
 * numpy's argmax stops, so that position is returned, as Qlib would.
 */
function rollingArgExtreme(x: Float64Array, w: number, sign: 1 | -1): Float64Array {
  return roll(x.length, w, (lo, hi) => {
    let best = 0;
    for (let i = lo; i <= hi; i++) {
      if (Number.isNaN(x[i])) return i - lo + 1;
      if (sign * x[i] > sign * x[lo + best]) best = i - lo;
    }
    return best + 1;
  });
}
export const rollingIdxMax = (x: Float64Array, w: number) => rollingArgExtreme(x, w, 1);
export const rollingIdxMin = (x: Float64Array, w: number) => rollingArgExtreme(x, w, -1);

/** |std| ≤ 2e-5: where Qlib (np.isclose(std, 0, atol=2e-05)) masks Rsquare and Corr to NaN. */
const nearZero = (s: number) => Math.abs(s) <= 2e-5;

type Ols = { slope: number; rsquare: number; resi: number };
/**
 * Qlib's `Slope` / `Rsquare` / `Resi` (qlib/data/_libs/rolling.pyx): OLS of the window's values on their
 * positions 1..N; NaN values are dropped but keep their positions. Resi is the residual of the last bar.
 */
function rollingOls(x: Float64Array, w: number): Ols[] {
  const out: Ols[] = [];
  for (let t = 0; t < x.length; t++) {
    const lo = Math.max(0, t - w + 1);
    let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
    for (let i = lo; i <= t; i++) {
      const y = x[i];
      if (Number.isNaN(y)) continue;
      const p = i - t + w; // position in 1..N, the last bar at N
      n++; sx += p; sy += y; sxx += p * p; sxy += p * y; syy += y * y;
    }
    const dx = n * sxx - sx * sx;
    const slope = (n * sxy - sx * sy) / dx;
    const intercept = (sy - slope * sx) / n;
    const rsquare = (n * sxy - sx * sy) ** 2 / (dx * (n * syy - sy * sy));
    out.push({ slope, rsquare, resi: x[t] - (intercept + slope * w) });
  }
  return out;
}
export function rollingSlope(x: Float64Array, w: number): Float64Array {
  return Float64Array.from(rollingOls(x, w), (o) => o.slope);
}
export function rollingRsquare(x: Float64Array, w: number): Float64Array {
  const std = rollingStd(x, w);
  return Float64Array.from(rollingOls(x, w), (o, t) => (nearZero(std[t]) ? NaN : o.rsquare));
}
export function rollingResi(x: Float64Array, w: number): Float64Array {
  return Float64Array.from(rollingOls(x, w), (o) => o.resi);
}

/** Qlib `Corr(a, b, N)`: pandas' rolling Pearson correlation on pairs where both are valid. */
export function rollingCorr(a: Float64Array, b: Float64Array, w: number): Float64Array {
  const sa = rollingStd(a, w);
  const sb = rollingStd(b, w);
  return roll(a.length, w, (lo, hi) => {
    if (nearZero(sa[hi]) || nearZero(sb[hi])) return NaN;
    let n = 0, ma = 0, mb = 0;
    for (let i = lo; i <= hi; i++) if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) { n++; ma += a[i]; mb += b[i]; }
    if (n < 2) return NaN;
    ma /= n; mb /= n;
    let cab = 0, caa = 0, cbb = 0;
    for (let i = lo; i <= hi; i++) {
      if (Number.isNaN(a[i]) || Number.isNaN(b[i])) continue;
      cab += (a[i] - ma) * (b[i] - mb); caa += (a[i] - ma) ** 2; cbb += (b[i] - mb) ** 2;
    }
    return cab / Math.sqrt(caa * cbb);
  });
}
