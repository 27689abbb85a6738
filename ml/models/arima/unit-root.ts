import { stl } from "./stl";

/**
 * How many differences auto.arima takes, as forecast 8.20 decides: `ndiffs` with the KPSS level test
 * (urca's `ur.kpss`, short lag trunc(3√n/13), 5 % level from the interpolated critical-value table)
 * and `nsdiffs` with its default test "seas" (seasonal strength of an STL decomposition > 0.64).
 */

/** forecast's is.constant: all.equal(x, rep(x[1], n)) with tolerance 1.5e-8 (mean relative difference). */
export function isConstant(x: ArrayLike<number>): boolean {
  // all.equal reports an "NA mismatch" unless x is NA exactly where rep(x[1]) is
  let nas = 0;
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i])) nas++;
  if (nas > 0) return nas === x.length;
  const first = x[0];
  let diff = 0;
  let mag = 0;
  for (let i = 0; i < x.length; i++) {
    diff += Math.abs(x[i] - first);
    mag += Math.abs(x[i]);
  }
  diff /= x.length;
  mag /= x.length;
  const rel = Number.isFinite(mag) && mag > 1.5e-8 ? diff / mag : diff;
  return rel <= 1.5e-8;
}

/** KPSS level-stationarity statistic (Kwiatkowski et al. 1992), urca's ur.kpss(type = "mu"). */
export function kpssStatistic(y: Float64Array, lags: number): number {
  const n = y.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  const res = new Float64Array(n);
  for (let i = 0; i < n; i++) res[i] = y[i] - mean;
  let s = 0;
  let num = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    s += res[i];
    num += s * s;
    s2 += res[i] * res[i];
  }
  num /= n * n;
  s2 /= n;
  let denom = s2;
  if (lags > 0) {
    let out = 0;
    for (let k = 1; k <= lags; k++) {
      let c = 0;
      for (let t = k; t < n; t++) c += res[t] * res[t - k];
      out += (1 - k / (lags + 1)) * c;
    }
    denom = s2 + (2 / n) * out;
  }
  return num / denom;
}

/** p-value of the KPSS level test from urca's table, linear interpolation, clamped (approx rule = 2). */
export function kpssPValue(stat: number): number {
  const cv = [0.347, 0.463, 0.574, 0.739];
  const pv = [0.1, 0.05, 0.025, 0.01];
  if (stat <= cv[0]) return pv[0];
  if (stat >= cv[3]) return pv[3];
  for (let i = 0; i < 3; i++)
    if (stat <= cv[i + 1]) return pv[i] + ((pv[i + 1] - pv[i]) * (stat - cv[i])) / (cv[i + 1] - cv[i]);
  return pv[3];
}

function dropNa(x: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) out.push(x[i]);
  return Float64Array.from(out);
}

function diff1(x: Float64Array, lag = 1): Float64Array {
  const out = new Float64Array(Math.max(x.length - lag, 0));
  for (let t = lag; t < x.length; t++) out[t - lag] = x[t] - x[t - lag];
  return out;
}

/** forecast::ndiffs(x, test = "kpss", type = "level", alpha = 0.05, max.d). */
export function ndiffs(values: ArrayLike<number>, maxD = 2, alpha = 0.05): number {
  let x = dropNa(values);
  let d = 0;
  if (isConstant(x)) return d;
  const test = (v: Float64Array) => {
    const stat = kpssStatistic(v, Math.trunc((3 * Math.sqrt(v.length)) / 13));
    if (!Number.isFinite(stat)) return false; // R: an error in the test means no (further) difference
    return kpssPValue(stat) < alpha;
  };
  let dodiff = test(x);
  while (dodiff && d < maxD) {
    d++;
    x = diff1(x);
    if (isConstant(x)) return d;
    dodiff = test(x);
  }
  return d;
}

function variance(v: Float64Array): number {
  let mean = 0;
  let n = 0;
  for (let i = 0; i < v.length; i++)
    if (!Number.isNaN(v[i])) {
      mean += v[i];
      n++;
    }
  mean /= n;
  let s = 0;
  for (let i = 0; i < v.length; i++) if (!Number.isNaN(v[i])) s += (v[i] - mean) ** 2;
  return s / (n - 1);
}

function interpolateNa(x: Float64Array): Float64Array {
  const out = Float64Array.from(x);
  const n = out.length;
  let last = -1;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(out[i])) continue;
    if (last < 0) for (let j = 0; j < i; j++) out[j] = out[i];
    else for (let j = last + 1; j < i; j++) out[j] = out[last] + ((out[i] - out[last]) * (j - last)) / (i - last);
    last = i;
  }
  if (last >= 0) for (let j = last + 1; j < n; j++) out[j] = out[last];
  return out;
}

/** forecast:::seas.heuristic: max(0, min(1, 1 − var(remainder)/var(remainder + seasonal))) of mstl(x). */
export function seasonalStrength(x: Float64Array, m: number): number {
  const filled = interpolateNa(x);
  const { seasonal, trend } = stl(filled, m, 11);
  const rem = new Float64Array(x.length);
  const rs = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    // mstl: deseasonalised data with the original NAs, minus the trend
    rem[i] = Number.isNaN(x[i]) ? NaN : filled[i] - seasonal[i] - trend[i];
    rs[i] = rem[i] + seasonal[i];
  }
  return Math.max(0, Math.min(1, 1 - variance(rem) / variance(rs)));
}

/** forecast::nsdiffs(x, test = "seas", max.D = 1): 1 when the seasonal strength exceeds 0.64. */
export function nsdiffs(values: Float64Array, m: number, maxD = 1): number {
  let x = values;
  let D = 0;
  if (isConstant(x)) return D;
  if (m <= 1) throw new RangeError("nsdiffs: non-seasonal data");
  if (m >= x.length) return 0;
  const test = (v: Float64Array) => {
    if (v.length <= 2 * m) return false; // stl() refuses fewer than two periods; R's tryCatch gives 0
    return seasonalStrength(v, m) > 0.64;
  };
  let dodiff = test(x);
  while (dodiff && D < maxD) {
    D++;
    x = diff1(x, m);
    if (isConstant(x)) return D;
    dodiff = x.length >= 2 * m && D < maxD ? test(x) : false;
  }
  return D;
}
