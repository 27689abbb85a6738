/**
 * Initial states as forecast 8.20's `initstate()`: seasonal states from a classical decomposition
 * (`decompose`, centred moving average) when n ≥ 3m, otherwise from a regression on a linear trend
 * plus one Fourier pair (tslm(y ~ trend + fourier(y, 1))) whose detrended first m observations
 * become the seasonal states; then level (and growth) from the mean of (or a line through) the
 * first max(10, 2m) seasonally adjusted values. Returns [l0, b0?, s0 .. s_{m-2}] — the last
 * seasonal state is implied by the normalisation, as in R.
 */
import { MULT, NONE, type ComponentCode } from "./recursion";

/**
 * R's mean(): the sum over n, then corrected by the mean of the deviations, both accumulated in
 * long double. Double-double accumulation (TwoSum) stands in for the long double, so the result is
 * R's except in the rarest ties.
 */
export function rMean(x: ArrayLike<number>): number {
  const n = x.length;
  if (n === 0) return NaN;
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    const s = hi + v;
    const bb = s - hi;
    lo += hi - (s - bb) + (v - bb);
    hi = s;
  }
  const s0 = (hi + lo) / n;
  if (!Number.isFinite(s0)) return s0;
  // Σ (x − s0) exactly enough: each difference is split into its rounded value and error
  let th = 0;
  let tl = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - s0;
    const bv = d - x[i];
    const err = x[i] - (d - bv) + (-s0 - bv);
    const s = th + d;
    const bb = s - th;
    tl += th - (s - bb) + (d - bb) + err;
    th = s;
  }
  return s0 + (th + tl) / n;
}

/** Least squares by Householder QR; returns the coefficients (columns of X given as arrays). */
export function leastSquares(cols: Float64Array[], y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const p = cols.length;
  const A = cols.map((c) => Float64Array.from(c));
  const b = Float64Array.from(y);
  for (let k = 0; k < p; k++) {
    const a = A[k];
    let norm = 0;
    for (let i = k; i < n; i++) norm += a[i] * a[i];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = a[k] > 0 ? -norm : norm;
    const v = new Float64Array(n);
    for (let i = k; i < n; i++) v[i] = a[i];
    v[k] -= alpha;
    let vv = 0;
    for (let i = k; i < n; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    for (let j = k; j < p; j++) {
      const c = A[j];
      let d = 0;
      for (let i = k; i < n; i++) d += v[i] * c[i];
      d = (2 * d) / vv;
      for (let i = k; i < n; i++) c[i] -= d * v[i];
    }
    let d = 0;
    for (let i = k; i < n; i++) d += v[i] * b[i];
    d = (2 * d) / vv;
    for (let i = k; i < n; i++) b[i] -= d * v[i];
  }
  const coef = new Float64Array(p);
  for (let k = p - 1; k >= 0; k--) {
    let s = b[k];
    for (let j = k + 1; j < p; j++) s -= A[j][k] * coef[j];
    coef[k] = A[k][k] === 0 ? 0 : s / A[k][k];
  }
  return coef;
}

/** stats::decompose's seasonal figure, repeated over the series (position 1 = first season). */
export function decomposeSeasonal(y: ArrayLike<number>, m: number, multiplicative: boolean): Float64Array {
  const n = y.length;
  const w = m % 2 === 0 ? m + 1 : m;
  const filt = new Float64Array(w);
  if (m % 2 === 0) {
    filt.fill(1 / m);
    filt[0] = 0.5 / m;
    filt[w - 1] = 0.5 / m;
  } else filt.fill(1 / m);
  const half = Math.floor(w / 2);
  // stats::filter sums filter[j]·x[t + half − j] for j = 0, 1, …; the same order gives the same rounding
  const season = new Float64Array(n).fill(NaN);
  for (let t = half; t < n - half; t++) {
    let tr = 0;
    for (let j = 0; j < w; j++) tr += filt[j] * y[t + half - j];
    season[t] = multiplicative ? y[t] / tr : y[t] - tr;
  }
  const fig = new Float64Array(m);
  const buf: number[] = [];
  for (let i = 0; i < m; i++) {
    buf.length = 0;
    for (let t = i; t < n; t += m) if (season[t] === season[t]) buf.push(season[t]);
    fig[i] = rMean(buf);
  }
  const mean = rMean(fig);
  for (let i = 0; i < m; i++) fig[i] = multiplicative ? fig[i] / mean : fig[i] - mean;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) out[t] = fig[t % m];
  return out;
}

export function initialState(y: Float64Array, m: number, trend: ComponentCode, season: ComponentCode): number[] {
  const n = y.length;
  let ysa: Float64Array;
  let initSeas: number[] = [];
  if (season !== NONE) {
    if (n < 4) throw new RangeError("not enough data for a seasonal model");
    let seasonal: Float64Array;
    if (n < 3 * m) {
      const t = new Float64Array(n);
      const one = new Float64Array(n).fill(1);
      for (let i = 0; i < n; i++) t[i] = i + 1;
      const cols = [one, t];
      // fourier(y, 1): sin column only when it is not identically zero (m = 2)
      const p = 1 / m;
      if (Math.abs(2 * p - Math.round(2 * p)) > 2.220446049250313e-16) {
        cols.push(Float64Array.from(t, (ti) => Math.sin(Math.PI * 2 * p * ti)));
      }
      cols.push(Float64Array.from(t, (ti) => Math.cos(Math.PI * 2 * p * ti)));
      const coef = leastSquares(cols, y);
      seasonal = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const tr = coef[0] + coef[1] * (i + 1);
        seasonal[i] = season === MULT ? y[i] / tr : y[i] - tr;
      }
    } else {
      seasonal = decomposeSeasonal(y, m, season === MULT);
    }
    // rev(seasonal[2:m]) → s0 = seasonal[m], …, s_{m-2} = seasonal[2]
    for (let k = m - 1; k >= 1; k--) initSeas.push(seasonal[k]);
    ysa = new Float64Array(n);
    if (season === MULT) {
      initSeas = initSeas.map((s) => Math.max(s, 0.01));
      const sum = initSeas.reduce((a, b) => a + b, 0);
      if (sum > m) {
        let denom = 0;
        for (const s of initSeas) denom += s + 0.01;
        initSeas = initSeas.map((s) => s / denom);
      }
      for (let i = 0; i < n; i++) ysa[i] = y[i] / Math.max(seasonal[i], 0.01);
    } else {
      for (let i = 0; i < n; i++) ysa[i] = y[i] - seasonal[i];
    }
  } else {
    m = 1;
    ysa = y;
  }
  const maxn = Math.min(Math.max(10, 2 * m), n);
  const out: number[] = [];
  if (trend === NONE) {
    out.push(rMean(ysa.subarray(0, maxn)));
  } else {
    // lsfit(1:maxn, ysa[1:maxn])
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < maxn; i++) {
      sx += i + 1;
      sy += ysa[i];
    }
    const mx = sx / maxn;
    const my = sy / maxn;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < maxn; i++) {
      sxy += (i + 1 - mx) * (ysa[i] - my);
      sxx += (i + 1 - mx) * (i + 1 - mx);
    }
    const slope = maxn > 1 ? sxy / sxx : 0;
    const intercept = my - slope * mx;
    if (trend !== MULT) {
      let l0 = intercept;
      let b0 = slope;
      if (Math.abs(l0 + b0) < 1e-8) {
        l0 = l0 * (1 + 0.001);
        b0 = b0 * (1 - 0.001);
      }
      out.push(l0, b0);
    } else {
      let l0 = intercept + slope;
      if (Math.abs(l0) < 1e-8) l0 = 1e-7;
      let b0 = (intercept + 2 * slope) / l0;
      l0 = l0 / b0;
      if (Math.abs(b0) > 1e10) b0 = Math.sign(b0) * 1e10;
      if (l0 < 1e-8 || b0 < 1e-8) {
        l0 = Math.max(ysa[0], 0.001);
        b0 = Math.max(ysa[1] / ysa[0], 0.001);
      }
      out.push(l0, b0);
    }
  }
  return out.concat(initSeas);
}
