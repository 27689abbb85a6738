import { impute } from "./impute";

/**
 * Autocorrelation of `values` at lags 1..maxLag (index 0 = lag 0 = 1). NaNs are skipped pairwise,
 * so gappy series are fine.
 */
export function autocorrelation(values: Float64Array, maxLag: number): Float64Array {
  const n = values.length;
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) { s += values[i]; c++; }
  const mean = c ? s / c : 0;
  let denom = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i])) denom += (values[i] - mean) ** 2;
  const acf = new Float64Array(maxLag + 1);
  acf[0] = 1;
  if (denom === 0) return acf;
  for (let lag = 1; lag <= maxLag; lag++) {
    let num = 0;
    for (let i = lag; i < n; i++) {
      const a = values[i];
      const b = values[i - lag];
      if (Number.isFinite(a) && Number.isFinite(b)) num += (a - mean) * (b - mean);
    }
    acf[lag] = num / denom;
  }
  return acf;
}

export interface SeasonOptions {
  /** Shortest period to consider (default 2). */
  minPeriod?: number;
  /** Longest period to consider (default min(n/3, 1000)). */
  maxPeriod?: number;
  /** Minimum autocorrelation of the detrended series at the period (default 0.3). */
  threshold?: number;
  /** At most this many periods are returned (default 2). */
  maxCount?: number;
}

/**
 * Season lengths from autocorrelation peaks of the linearly detrended series (a trend would
 * otherwise make every lag look correlated). A lag is a season when it is a local maximum of the ACF
 * above `threshold`; lags within one step of a multiple of an accepted season are harmonics and only
 * kept when clearly stronger than the base (e.g. weekly 168 on top of daily 24, where the weekly lag
 * matches both cycles). Returned shortest first.
 */
export function inferSeasonLengths(values: Float64Array, opts: SeasonOptions = {}): number[] {
  const filled = impute(values, "linear");
  const n = filled.length;
  const minPeriod = Math.max(2, opts.minPeriod ?? 2);
  const maxPeriod = Math.min(opts.maxPeriod ?? 1000, Math.floor(n / 3));
  const threshold = opts.threshold ?? 0.3;
  const maxCount = opts.maxCount ?? 2;
  if (maxPeriod < minPeriod) return [];
  const acf = autocorrelation(detrend(filled), maxPeriod + 1);
  const peaks: { lag: number; r: number }[] = [];
  for (let lag = minPeriod; lag <= maxPeriod; lag++) {
    const r = acf[lag];
    if (r >= threshold && r >= acf[lag - 1] && r >= acf[lag + 1]) peaks.push({ lag, r });
  }
  const accepted: { lag: number; r: number }[] = [];
  for (const p of peaks) {
    const base = accepted.find((a) => {
      const k = Math.round(p.lag / a.lag);
      return k >= 2 && Math.abs(p.lag - k * a.lag) <= 1;
    });
    // Harmonic of an accepted season: keep only when markedly stronger (a longer, real cycle),
    // and then snapped to the exact multiple.
    if (base) {
      if (p.r < base.r + 0.05 || p.lag % base.lag !== 0) continue;
    }
    if (accepted.length && !base) {
      // A non-multiple after the first season: must be comparably strong to count.
      if (p.r < accepted[0].r * 0.8) continue;
    }
    accepted.push(p);
    if (accepted.length >= maxCount) break;
  }
  return accepted.map((a) => a.lag).sort((a, b) => a - b);
}

/** Residuals of a least-squares line through the series. */
function detrend(v: Float64Array): Float64Array {
  const n = v.length;
  const tm = (n - 1) / 2;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += v[i];
  ym /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - tm) * (v[i] - ym);
    sxx += (i - tm) * (i - tm);
  }
  const b = sxx ? sxy / sxx : 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = v[i] - ym - b * (i - tm);
  return out;
}
