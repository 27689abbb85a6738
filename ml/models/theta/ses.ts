/**
 * Simple exponential smoothing, ETS(A,N,N), fitted by in-sample one-step MSE as R's
 * `forecast::ses` does (`ets(x, "ANN", opt.crit = "mse")`, alpha in [1e-4, 0.9999]).
 *
 * For a fixed alpha the one-step errors are linear in the initial level l0
 * (e_t = c_t − (1−α)^{t−1}·l0), so the MSE-optimal l0 has a closed form and only alpha is searched:
 * a grid over [1e-4, 0.9999] followed by golden-section refinement around the best grid point.
 * This finds the global optimum of the same criterion R's Nelder–Mead searches.
 */
export interface SesFit {
  alpha: number;
  l0: number;
  /** Final level l_n: the point forecast for every step. */
  level: number;
  /** Σe² / (n − 2), as ets reports sigma2 (two estimated parameters). */
  sigma2: number;
  /** One-step fitted values l_{t−1}. */
  fitted: Float64Array;
  mse: number;
}

export const ALPHA_LOWER = 1e-4;
export const ALPHA_UPPER = 0.9999;

/** Profile SSE at alpha (l0 optimal); writes nothing, allocates nothing. */
function profile(y: Float64Array, alpha: number): { sse: number; l0: number } {
  const b = 1 - alpha;
  let a = 0; // A_{t-1}: level with l0 = 0
  let bp = 1; // (1−α)^{t−1}
  let scc = 0, scb = 0, sbb = 0;
  for (let t = 0; t < y.length; t++) {
    const c = y[t] - a;
    scc += c * c;
    scb += c * bp;
    sbb += bp * bp;
    a = alpha * y[t] + b * a;
    bp *= b;
  }
  const l0 = scb / sbb;
  return { sse: Math.max(scc - (scb * scb) / sbb, 0), l0 };
}

export function fitSes(y: Float64Array, opts: { alpha?: number } = {}): SesFit {
  const n = y.length;
  let alpha: number;
  if (opts.alpha !== undefined) alpha = opts.alpha;
  else {
    const G = 100;
    let best = ALPHA_LOWER;
    let bestSse = Infinity;
    for (let g = 0; g <= G; g++) {
      const a = ALPHA_LOWER + ((ALPHA_UPPER - ALPHA_LOWER) * g) / G;
      const s = profile(y, a).sse;
      if (s < bestSse) { bestSse = s; best = a; }
    }
    const step = (ALPHA_UPPER - ALPHA_LOWER) / G;
    let lo = Math.max(ALPHA_LOWER, best - step);
    let hi = Math.min(ALPHA_UPPER, best + step);
    const gr = (Math.sqrt(5) - 1) / 2;
    let x1 = hi - gr * (hi - lo);
    let x2 = lo + gr * (hi - lo);
    let f1 = profile(y, x1).sse;
    let f2 = profile(y, x2).sse;
    for (let it = 0; it < 100 && hi - lo > 1e-12; it++) {
      if (f1 <= f2) { hi = x2; x2 = x1; f2 = f1; x1 = hi - gr * (hi - lo); f1 = profile(y, x1).sse; }
      else { lo = x1; x1 = x2; f1 = f2; x2 = lo + gr * (hi - lo); f2 = profile(y, x2).sse; }
    }
    alpha = (lo + hi) / 2;
    // The boundary can be the optimum (MSE monotone in alpha).
    for (const edge of [ALPHA_LOWER, ALPHA_UPPER]) if (profile(y, edge).sse < profile(y, alpha).sse) alpha = edge;
  }
  const { l0 } = profile(y, alpha);
  const fitted = new Float64Array(n);
  let l = l0;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    fitted[t] = l;
    const e = y[t] - l;
    sse += e * e;
    l += alpha * e;
  }
  return { alpha, l0, level: l, sigma2: n > 2 ? sse / (n - 2) : NaN, fitted, mse: sse / n };
}
