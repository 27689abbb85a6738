/**
 * Seasonality test and classical multiplicative decomposition exactly as R's `forecast::thetaf` 8.20
 * uses them (`acf`, `stats::decompose(type = "multiplicative")`). Seasonal positions are counted
 * from the first observation, as `decompose` does for a ts starting at cycle position 1.
 */

/** Sample autocorrelations r_1..r_maxLag (R's acf: mean-centred, divided by the lag-0 sum). */
export function acf(x: Float64Array, maxLag: number): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let t = 0; t < n; t++) mean += x[t];
  mean /= n;
  let d = 0;
  for (let t = 0; t < n; t++) d += (x[t] - mean) ** 2;
  const r = new Float64Array(maxLag);
  for (let k = 1; k <= maxLag; k++) {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += (x[t] - mean) * (x[t + k] - mean);
    r[k - 1] = d > 0 ? s / d : 0;
  }
  return r;
}

/** 90 % one-sided test of the lag-m autocorrelation (thetaf): |r_m| / √((1 + 2Σ_{k<m} r_k²)/n) > 1.645. */
export function isSeasonal(x: Float64Array, m: number): boolean {
  const n = x.length;
  if (m <= 1 || n <= 2 * m || isConstant(x)) return false;
  const r = acf(x, m);
  let s = 0;
  for (let k = 0; k < m - 1; k++) s += r[k] * r[k];
  const stat = Math.sqrt((1 + 2 * s) / n);
  return Math.abs(r[m - 1]) / stat > 1.6448536269514722;
}

export function isConstant(x: Float64Array): boolean {
  for (let t = 1; t < x.length; t++) if (x[t] !== x[0]) return false;
  return true;
}

/**
 * Multiplicative seasonal indices per position (length m, mean 1): centred moving average trend
 * (2×m MA for even m), ratios x/trend averaged per position, normalised. Index i applies to t ≡ i (mod m).
 */
export function multiplicativeIndices(x: Float64Array, m: number): Float64Array {
  const n = x.length;
  const even = m % 2 === 0;
  const half = even ? m / 2 : (m - 1) / 2;
  const sum = new Float64Array(m);
  const count = new Float64Array(m);
  for (let t = half; t < n - half; t++) {
    let s = 0;
    for (let j = -half; j <= half; j++) {
      const w = even && (j === -half || j === half) ? 0.5 : 1;
      s += w * x[t + j];
    }
    const trend = s / m;
    sum[t % m] += x[t] / trend;
    count[t % m]++;
  }
  const fig = new Float64Array(m);
  let mean = 0;
  for (let i = 0; i < m; i++) {
    fig[i] = sum[i] / count[i];
    mean += fig[i];
  }
  mean /= m;
  for (let i = 0; i < m; i++) fig[i] /= mean;
  return fig;
}
