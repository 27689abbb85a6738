/**
 * Optimised Theta (OTM) and Dynamic Optimised Theta (DOTM) models of Fiorucci, Pellegrini, Louzada,
 * Petropoulos & Koehler (2016), "Models for optimising the theta method and their relationship to
 * state space models", IJF 32(4), on a (seasonally adjusted) series y_1..y_n:
 *
 *   ℓ_t = α y_t + (1−α) ℓ_{t−1}
 *   μ_{t+1} = ℓ_t + (1 − 1/θ) [ (1−α)^t A_t + ((1 − (1−α)^{t+1}) / α) B_t ]
 *   ŷ_{n+h} = ℓ_n + (1 − 1/θ) [ (1−α)^n A_n + (h − 1 + (1 − (1−α)^{n+1}) / α) B_n ]
 *
 * OTM: A_t = A_n, B_t = B_n, the OLS intercept and slope of y on t = 1..n. DOTM: A_t, B_t are the OLS
 * coefficients on y_1..y_t, updated recursively (Ȳ_t, B_t = ((t−2)B_{t−1} + 6(y_t − Ȳ_{t−1})/t)/(t+1),
 * A_t = Ȳ_t − (t+1)B_t/2). Parameters ℓ_0, α ∈ [0.1, 0.99], θ ≥ 1 minimise the in-sample one-step
 * MSE (as forecTheta's `otm`/`dotm`). For fixed α the errors are linear in (ℓ_0, w = 1 − 1/θ), so
 * those two are a 2×2 least-squares solve (w clamped to [0, 1)) and only α is searched (grid +
 * golden section); the optimum of the same criterion, found without Nelder–Mead's restarts.
 */
export interface OptimisedThetaFit {
  alpha: number;
  theta: number;
  l0: number;
  mse: number;
  /** Point forecasts (adjusted scale). */
  mean: Float64Array;
  sigma: number;
}

const A_LO = 0.1;
const A_HI = 0.99;
const W_HI = 1 - 1e-8;

interface Work {
  c: Float64Array; // y_t − ℓ_{t−1}(ℓ0 = 0)
  b: Float64Array; // ∂ℓ_{t−1}/∂ℓ0 = (1−α)^{t−1}
  d: Float64Array; // bracket term of μ_t
  aN: number;
  bN: number;
}

/** Fill the linear pieces of the one-step errors e_t = c_t − b_t ℓ0 − d_t w for t = 2..n (index t−1). */
function pieces(y: Float64Array, alpha: number, dynamic: boolean, wk: Work, ols: { a: number; b: number }): void {
  const n = y.length;
  const r = 1 - alpha;
  let lev = alpha * y[0]; // ℓ_1 with ℓ0 = 0
  let lb = r; // coefficient of ℓ0 in ℓ_1
  let mean = y[0];
  let B = 0;
  let A = y[0];
  let rt = r; // (1−α)^t, t = 1
  wk.c[0] = 0; wk.b[0] = 0; wk.d[0] = 0; // μ_1 is not defined: the first error does not count
  for (let t = 1; t < n; t++) {
    // forecast of y_{t+1} (index t) made at time t (1-based t = index)
    const At = dynamic ? A : ols.a;
    const Bt = dynamic ? B : ols.b;
    const tt = t; // 1-based time of the last observation
    wk.d[t] = rt * At + ((1 - rt * r) / alpha) * Bt;
    wk.c[t] = y[t] - lev;
    wk.b[t] = lb;
    // update with y_{t+1}
    const t1 = tt + 1;
    const prevMean = mean;
    mean = (tt * mean + y[t]) / t1;
    B = ((t1 - 2) * B + (6 * (y[t] - prevMean)) / t1) / (t1 + 1);
    A = mean - ((t1 + 1) * B) / 2;
    lev = alpha * y[t] + r * lev;
    lb *= r;
    rt *= r;
  }
  wk.aN = dynamic ? A : ols.a;
  wk.bN = dynamic ? B : ols.b;
}

function solve(wk: Work, n: number): { l0: number; w: number; sse: number } {
  let sbb = 0, sbd = 0, sdd = 0, scb = 0, scd = 0, scc = 0;
  for (let t = 1; t < n; t++) {
    const b = wk.b[t], d = wk.d[t], c = wk.c[t];
    sbb += b * b; sbd += b * d; sdd += d * d; scb += c * b; scd += c * d; scc += c * c;
  }
  const det = sbb * sdd - sbd * sbd;
  let l0: number;
  let w: number;
  if (Math.abs(det) > 1e-12 * Math.max(sbb * sdd, 1e-300)) {
    l0 = (scb * sdd - scd * sbd) / det;
    w = (scd * sbb - scb * sbd) / det;
  } else {
    w = 0.5;
    l0 = sbb > 0 ? (scb - w * sbd) / sbb : 0;
  }
  if (!(w >= 0 && w <= W_HI)) {
    w = Math.min(Math.max(Number.isFinite(w) ? w : 0.5, 0), W_HI);
    l0 = sbb > 0 ? (scb - w * sbd) / sbb : 0;
  }
  const sse = scc + l0 * l0 * sbb + w * w * sdd - 2 * l0 * scb - 2 * w * scd + 2 * l0 * w * sbd;
  return { l0, w, sse: Math.max(sse, 0) };
}

export function fitOptimisedTheta(y: Float64Array, horizon: number, dynamic: boolean): OptimisedThetaFit {
  const n = y.length;
  // OLS of y on t = 1..n
  const tm = (n + 1) / 2;
  let ym = 0;
  for (let t = 0; t < n; t++) ym += y[t];
  ym /= n;
  let sxy = 0, sxx = 0;
  for (let t = 0; t < n; t++) { sxy += (t + 1 - tm) * (y[t] - ym); sxx += (t + 1 - tm) ** 2; }
  const ols = { b: sxx > 0 ? sxy / sxx : 0, a: 0 };
  ols.a = ym - ols.b * tm;
  const wk: Work = { c: new Float64Array(n), b: new Float64Array(n), d: new Float64Array(n), aN: 0, bN: 0 };
  const sseAt = (a: number) => {
    pieces(y, a, dynamic, wk, ols);
    return solve(wk, n).sse;
  };
  const G = 45;
  let best = A_LO;
  let bestS = Infinity;
  for (let g = 0; g <= G; g++) {
    const a = A_LO + ((A_HI - A_LO) * g) / G;
    const s = sseAt(a);
    if (s < bestS) { bestS = s; best = a; }
  }
  const step = (A_HI - A_LO) / G;
  let lo = Math.max(A_LO, best - step);
  let hi = Math.min(A_HI, best + step);
  const gr = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - gr * (hi - lo), x2 = lo + gr * (hi - lo);
  let f1 = sseAt(x1), f2 = sseAt(x2);
  for (let it = 0; it < 60 && hi - lo > 1e-9; it++) {
    if (f1 <= f2) { hi = x2; x2 = x1; f2 = f1; x1 = hi - gr * (hi - lo); f1 = sseAt(x1); }
    else { lo = x1; x1 = x2; f1 = f2; x2 = lo + gr * (hi - lo); f2 = sseAt(x2); }
  }
  let alpha = (lo + hi) / 2;
  if (bestS < sseAt(alpha)) alpha = best;
  pieces(y, alpha, dynamic, wk, ols);
  const { l0, w, sse } = solve(wk, n);
  // final level ℓ_n
  let lev = l0;
  for (let t = 0; t < n; t++) lev = alpha * y[t] + (1 - alpha) * lev;
  const rn = (1 - alpha) ** n;
  const mean = new Float64Array(horizon);
  for (let h = 1; h <= horizon; h++) {
    mean[h - 1] = lev + w * (rn * wk.aN + (h - 1 + (1 - rn * (1 - alpha)) / alpha) * wk.bN);
  }
  const mse = n > 1 ? sse / (n - 1) : NaN;
  return { alpha, theta: 1 / (1 - w), l0, mse, mean, sigma: n > 4 ? Math.sqrt(sse / (n - 4)) : Math.sqrt(mse) };
}
