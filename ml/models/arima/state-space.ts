/**
 * The state-space machinery of R's `stats::arima` (R 4.2, src/library/stats/src/arima.c), ported to
 * TypeScript on typed arrays: parameter transforms (`partrans`, Jones 1980 via Durbin–Levinson),
 * seasonal expansion (`ARIMA_transPars`), Gardner et al. (1980) initial covariance (`getQ0`, AS 154),
 * the exact Kalman likelihood (`ARIMA_Like`), conditional sum of squares (`ARIMA_CSS`) and Kalman
 * forecasts (`KalmanFore`). Matrices are column-major like R's, so index formulas match the C.
 */

/** arma = (p, q, P, Q, m, d, D), R's `arima()$arma` layout. */
export type ArmaOrder = readonly [number, number, number, number, number, number, number];

/** tanh then Durbin–Levinson: maps R^p onto the stationary region (R's `partrans`). */
export function partrans(p: number, raw: ArrayLike<number>, rawOff: number, out: Float64Array, outOff: number): void {
  const work = new Float64Array(p);
  for (let j = 0; j < p; j++) work[j] = out[outOff + j] = Math.tanh(raw[rawOff + j]);
  for (let j = 1; j < p; j++) {
    const a = out[outOff + j];
    for (let k = 0; k < j; k++) work[k] -= a * out[outOff + j - k - 1];
    for (let k = 0; k < j; k++) out[outOff + k] = work[k];
  }
}

function invpartrans(p: number, phi: ArrayLike<number>, off: number, out: Float64Array): void {
  const work = new Float64Array(p);
  for (let j = 0; j < p; j++) work[j] = out[off + j] = phi[off + j];
  for (let j = p - 1; j > 0; j--) {
    const a = out[off + j];
    for (let k = 0; k < j; k++) work[k] = (out[off + k] + a * out[off + j - k - 1]) / (1 - a * a);
    for (let k = 0; k < j; k++) out[off + k] = work[k];
  }
  for (let j = 0; j < p; j++) out[off + j] = Math.atanh(out[off + j]);
}

/** R's ARIMA_undoPars: transformed → natural AR coefficients, other parameters unchanged. */
export function undoPars(params: ArrayLike<number>, arma: ArmaOrder): Float64Array {
  const out = Float64Array.from(params);
  const [mp, mq, msp] = arma;
  if (mp > 0) partrans(mp, params, 0, out, 0);
  if (msp > 0) partrans(msp, params, mp + mq, out, mp + mq);
  return out;
}

/** R's ARIMA_Invtrans. */
export function invTrans(params: ArrayLike<number>, arma: ArmaOrder): Float64Array {
  const out = Float64Array.from(params);
  const [mp, mq, msp] = arma;
  if (mp > 0) invpartrans(mp, params, 0, out);
  if (msp > 0) invpartrans(msp, params, mp + mq, out);
  return out;
}

/** R's ARIMA_Gradtrans: forward-difference Jacobian of `undoPars` (eps 1e-3), column-major n×n. */
export function gradTrans(params: ArrayLike<number>, arma: ArmaOrder): Float64Array {
  const n = params.length;
  const eps = 1e-3;
  const A = new Float64Array(n * n);
  for (let i = 0; i < n; i++) A[i + i * n] = 1;
  const [mp, mq, msp] = arma;
  const block = (len: number, v: number) => {
    const w1 = new Float64Array(len);
    const w2 = new Float64Array(len);
    const w3 = new Float64Array(len);
    for (let i = 0; i < len; i++) w1[i] = params[i + v];
    partrans(len, w1, 0, w2, 0);
    for (let i = 0; i < len; i++) {
      w1[i] += eps;
      partrans(len, w1, 0, w3, 0);
      for (let j = 0; j < len; j++) A[i + v + (j + v) * n] = (w3[j] - w2[j]) / eps;
      w1[i] -= eps;
    }
  };
  if (mp > 0) block(mp, 0);
  if (msp > 0) block(msp, mp + mq);
  return A;
}

/** R's ARIMA_transPars: expand (optionally transformed) parameters to the full φ and θ polynomials. */
export function transPars(
  params: ArrayLike<number>,
  arma: ArmaOrder,
  trans: boolean,
): { phi: Float64Array; theta: Float64Array } {
  const [mp, mq, msp, msq, ns] = arma;
  const p = mp + ns * msp;
  const q = mq + ns * msq;
  const phi = new Float64Array(p);
  const theta = new Float64Array(q);
  let par: ArrayLike<number> = params;
  if (trans) {
    const n = mp + mq + msp + msq;
    const t = new Float64Array(n);
    for (let i = 0; i < n; i++) t[i] = params[i];
    if (mp > 0) partrans(mp, params, 0, t, 0);
    if (msp > 0) partrans(msp, params, mp + mq, t, mp + mq);
    par = t;
  }
  for (let i = 0; i < mp; i++) phi[i] = par[i];
  for (let i = 0; i < mq; i++) theta[i] = par[i + mp];
  if (ns > 0) {
    for (let j = 0; j < msp; j++) {
      phi[(j + 1) * ns - 1] += par[j + mp + mq];
      for (let i = 0; i < mp; i++) phi[(j + 1) * ns + i] -= par[i] * par[j + mp + mq];
    }
    for (let j = 0; j < msq; j++) {
      theta[(j + 1) * ns - 1] += par[j + mp + mq + msp];
      for (let i = 0; i < mq; i++) theta[(j + 1) * ns + i] += par[i + mp] * par[j + mp + mq + msp];
    }
  }
  return { phi, theta };
}

/** Differencing polynomial coefficients Δ (R's `Delta`): (1−B)^d (1−B^m)^D = 1 − Σ Δ_i B^i. */
export function makeDelta(d: number, D: number, m: number): Float64Array {
  let poly = [1];
  const conv = (b: number[]) => {
    const out = new Array(poly.length + b.length - 1).fill(0);
    for (let i = 0; i < poly.length; i++) for (let j = 0; j < b.length; j++) out[i + j] += poly[i] * b[j];
    poly = out;
  };
  for (let i = 0; i < d; i++) conv([1, -1]);
  for (let i = 0; i < D; i++) {
    const s = new Array(m + 1).fill(0);
    s[0] = 1;
    s[m] = -1;
    conv(s);
  }
  return Float64Array.from(poly.slice(1), (v) => -v);
}

function inclu2(np: number, xnext: Float64Array, xrow: Float64Array, ynext: number, d: Float64Array, rbar: Float64Array, thetab: Float64Array) {
  for (let i = 0; i < np; i++) xrow[i] = xnext[i];
  let ithisr = 0;
  for (let i = 0; i < np; i++) {
    if (xrow[i] !== 0) {
      const xi = xrow[i];
      const di = d[i];
      const dpi = di + xi * xi;
      d[i] = dpi;
      const cbar = di / dpi;
      const sbar = xi / dpi;
      for (let k = i + 1; k < np; k++) {
        const xk = xrow[k];
        const rbthis = rbar[ithisr];
        xrow[k] = xk - xi * rbthis;
        rbar[ithisr++] = cbar * rbthis + sbar * xk;
      }
      const xk = ynext;
      ynext = xk - xi * thetab[i];
      thetab[i] = cbar * thetab[i] + sbar * xk;
      if (di === 0) return;
    } else ithisr = ithisr + np - i - 1;
  }
}

/** Gardner, Harvey & Phillips (1980) stationary covariance of the ARMA state (R's getQ0), r×r column-major. */
export function getQ0(phi: Float64Array, theta: Float64Array): Float64Array {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  const np = (r * (r + 1)) / 2;
  const nrbar = (np * (np - 1)) / 2;
  const V = new Float64Array(np);
  let ind = 0;
  for (let j = 0; j < r; j++) {
    const vj = j === 0 ? 1 : j - 1 < q ? theta[j - 1] : 0;
    for (let i = j; i < r; i++) {
      const vi = i === 0 ? 1 : i - 1 < q ? theta[i - 1] : 0;
      V[ind++] = vi * vj;
    }
  }
  const res = new Float64Array(r * r);
  const P = res;
  if (r === 1) {
    P[0] = 1 / (1 - phi[0] * phi[0]);
    return res;
  }
  if (p > 0) {
    const rbar = new Float64Array(nrbar);
    const thetab = new Float64Array(np);
    const xnext = new Float64Array(np);
    const xrow = new Float64Array(np);
    const Pw = new Float64Array(Math.max(np, r * r));
    ind = 0;
    let ind1 = -1;
    const npr = np - r;
    const npr1 = npr + 1;
    let indj = npr;
    let ind2 = npr - 1;
    for (let j = 0; j < r; j++) {
      const phij = j < p ? phi[j] : 0;
      xnext[indj++] = 0;
      let indi = npr1 + j;
      for (let i = j; i < r; i++) {
        const ynext = V[ind++];
        const phii = i < p ? phi[i] : 0;
        if (j !== r - 1) {
          xnext[indj] = -phii;
          if (i !== r - 1) {
            xnext[indi] -= phij;
            xnext[++ind1] = -1;
          }
        }
        xnext[npr] = -phii * phij;
        if (++ind2 >= np) ind2 = 0;
        xnext[ind2] += 1;
        inclu2(np, xnext, xrow, ynext, Pw, rbar, thetab);
        xnext[ind2] = 0;
        if (i !== r - 1) {
          xnext[indi++] = 0;
          xnext[ind1] = 0;
        }
      }
    }
    let ithisr = nrbar - 1;
    let im = np - 1;
    for (let i = 0; i < np; i++) {
      let bi = thetab[im];
      let jm = np - 1;
      for (let j = 0; j < i; j++) bi -= rbar[ithisr--] * Pw[jm--];
      Pw[im--] = bi;
    }
    ind = npr;
    for (let i = 0; i < r; i++) xnext[i] = Pw[ind++];
    ind = np - 1;
    ind1 = npr - 1;
    for (let i = 0; i < npr; i++) Pw[ind--] = Pw[ind1--];
    for (let i = 0; i < r; i++) Pw[i] = xnext[i];
    for (let i = 0; i < np; i++) P[i] = Pw[i];
  } else {
    let indn = np;
    ind = np;
    for (let i = 0; i < r; i++)
      for (let j = 0; j <= i; j++) {
        --ind;
        P[ind] = V[ind];
        if (j !== 0) P[ind] += P[--indn];
      }
  }
  // unpack the packed upper triangle to a full matrix
  ind = np;
  for (let i = r - 1; i > 0; i--) for (let j = r - 1; j >= i; j--) P[r * i + j] = P[--ind];
  for (let i = 0; i < r - 1; i++) for (let j = i + 1; j < r; j++) P[i + r * j] = P[j + r * i];
  return res;
}

/** The ARIMA state-space model of R's makeARIMA; `a`, `P` are the filtered state after a filter run. */
export interface ArimaSS {
  phi: Float64Array;
  theta: Float64Array;
  delta: Float64Array;
  /** State dimension r + d. */
  rd: number;
  r: number;
  a: Float64Array;
  P: Float64Array;
  Pn: Float64Array;
}

export function makeArimaSS(phi: Float64Array, theta: Float64Array, delta: Float64Array, kappa = 1e6): ArimaSS {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  const d = delta.length;
  const rd = r + d;
  const th = new Float64Array(Math.max(q, r - 1));
  th.set(theta);
  const Pn = new Float64Array(rd * rd);
  if (r > 1) {
    const Q0 = getQ0(phi, th);
    for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) Pn[i + rd * j] = Q0[i + r * j];
  } else Pn[0] = p > 0 ? 1 / (1 - phi[0] * phi[0]) : 1;
  for (let i = 0; i < d; i++) Pn[r + i + rd * (r + i)] = kappa;
  return { phi, theta: th, delta, rd, r, a: new Float64Array(rd), P: new Float64Array(rd * rd), Pn };
}

export interface LikeResult {
  ssq: number;
  sumlog: number;
  nu: number;
}

/**
 * R's ARIMA_Like: exact Gaussian likelihood by the Kalman filter, updating `mod.a`, `mod.P`, `mod.Pn`
 * in place (as the C code does). `up`: the prediction step P ← TPT' + V is skipped for l ≤ up, so
 * up = 0 starts from Pn as the prior of the first observation and up = −1 continues a filtered state.
 * Observations with gain ≥ 1e4 (the diffuse start) are left out of the likelihood.
 */
export function arimaLike(y: ArrayLike<number>, mod: ArimaSS, up: number, resid: Float64Array | null): LikeResult {
  const n = y.length;
  const { phi, theta, delta, rd, r, a, P } = mod;
  const Pnew = mod.Pn;
  const p = phi.length;
  const q = theta.length;
  const d = delta.length;
  const anew = new Float64Array(rd);
  const M = new Float64Array(rd);
  const mm = d > 0 ? new Float64Array(rd * rd) : null;
  let ssq = 0;
  let sumlog = 0;
  let nu = 0;
  for (let l = 0; l < n; l++) {
    for (let i = 0; i < r; i++) {
      let tmp = i < r - 1 ? a[i + 1] : 0;
      if (i < p) tmp += phi[i] * a[0];
      anew[i] = tmp;
    }
    if (d > 0) {
      for (let i = r + 1; i < rd; i++) anew[i] = a[i - 1];
      let tmp = a[0];
      for (let i = 0; i < d; i++) tmp += delta[i] * a[r + i];
      anew[r] = tmp;
    }
    if (l > up) {
      if (d === 0) {
        for (let i = 0; i < r; i++) {
          const vi = i === 0 ? 1 : i - 1 < q ? theta[i - 1] : 0;
          for (let j = 0; j < r; j++) {
            let tmp = j === 0 ? vi : j - 1 < q ? vi * theta[j - 1] : 0;
            if (i < p && j < p) tmp += phi[i] * phi[j] * P[0];
            if (i < r - 1 && j < r - 1) tmp += P[i + 1 + r * (j + 1)];
            if (i < p && j < r - 1) tmp += phi[i] * P[j + 1];
            if (j < p && i < r - 1) tmp += phi[j] * P[i + 1];
            Pnew[i + r * j] = tmp;
          }
        }
      } else {
        const w = mm as Float64Array;
        for (let i = 0; i < r; i++)
          for (let j = 0; j < rd; j++) {
            let tmp = 0;
            if (i < p) tmp += phi[i] * P[rd * j];
            if (i < r - 1) tmp += P[i + 1 + rd * j];
            w[i + rd * j] = tmp;
          }
        for (let j = 0; j < rd; j++) {
          let tmp = P[rd * j];
          for (let k = 0; k < d; k++) tmp += delta[k] * P[r + k + rd * j];
          w[r + rd * j] = tmp;
        }
        for (let i = 1; i < d; i++) for (let j = 0; j < rd; j++) w[r + i + rd * j] = P[r + i - 1 + rd * j];
        for (let i = 0; i < r; i++)
          for (let j = 0; j < rd; j++) {
            let tmp = 0;
            if (i < p) tmp += phi[i] * w[j];
            if (i < r - 1) tmp += w[rd * (i + 1) + j];
            Pnew[j + rd * i] = tmp;
          }
        for (let j = 0; j < rd; j++) {
          let tmp = w[j];
          for (let k = 0; k < d; k++) tmp += delta[k] * w[rd * (r + k) + j];
          Pnew[rd * r + j] = tmp;
        }
        for (let i = 1; i < d; i++) for (let j = 0; j < rd; j++) Pnew[rd * (r + i) + j] = w[rd * (r + i - 1) + j];
        for (let i = 0; i <= q; i++) {
          const vi = i === 0 ? 1 : theta[i - 1];
          for (let j = 0; j <= q; j++) Pnew[i + rd * j] += vi * (j === 0 ? 1 : theta[j - 1]);
        }
      }
    }
    const yl = y[l];
    if (!Number.isNaN(yl)) {
      let res = yl - anew[0];
      for (let i = 0; i < d; i++) res -= delta[i] * anew[r + i];
      for (let i = 0; i < rd; i++) {
        let tmp = Pnew[i];
        for (let j = 0; j < d; j++) tmp += Pnew[i + (r + j) * rd] * delta[j];
        M[i] = tmp;
      }
      let gain = M[0];
      for (let j = 0; j < d; j++) gain += delta[j] * M[r + j];
      if (gain < 1e4) {
        nu++;
        ssq += (res * res) / gain;
        sumlog += Math.log(gain);
      }
      if (resid) resid[l] = res / Math.sqrt(gain);
      for (let i = 0; i < rd; i++) a[i] = anew[i] + (M[i] * res) / gain;
      for (let i = 0; i < rd; i++) {
        const mi = M[i] / gain;
        for (let j = 0; j < rd; j++) P[i + j * rd] = Pnew[i + j * rd] - mi * M[j];
      }
    } else {
      for (let i = 0; i < rd; i++) a[i] = anew[i];
      for (let i = 0; i < rd * rd; i++) P[i] = Pnew[i];
      if (resid) resid[l] = NaN;
    }
  }
  return { ssq, sumlog, nu };
}

/** R's ARIMA_CSS: differences y, then the conditional sum of squares after `ncond` start values. */
export function arimaCss(
  y: ArrayLike<number>,
  arma: ArmaOrder,
  phi: Float64Array,
  theta: Float64Array,
  ncond: number,
  resid: Float64Array | null,
): number {
  const n = y.length;
  const p = phi.length;
  const q = theta.length;
  const w = Float64Array.from(y);
  for (let i = 0; i < arma[5]; i++) for (let l = n - 1; l > 0; l--) w[l] -= w[l - 1];
  const ns = arma[4];
  for (let i = 0; i < arma[6]; i++) for (let l = n - 1; l >= ns; l--) w[l] -= w[l - ns];
  const res = resid ?? new Float64Array(n);
  for (let l = 0; l < ncond && l < n; l++) res[l] = 0;
  let ssq = 0;
  let nu = 0;
  for (let l = ncond; l < n; l++) {
    let tmp = w[l];
    for (let j = 0; j < p; j++) tmp -= phi[j] * w[l - j - 1];
    const jmax = Math.min(l - ncond, q);
    for (let j = 0; j < jmax; j++) tmp -= theta[j] * res[l - j - 1];
    res[l] = tmp;
    if (!Number.isNaN(tmp)) {
      nu++;
      ssq += tmp * tmp;
    }
  }
  return ssq / nu;
}

/** R's KalmanFore on an ARIMA model: forecasts and their variances (in units of σ²) from the current state. */
export function kalmanForecast(nAhead: number, mod: ArimaSS): { pred: Float64Array; variance: Float64Array } {
  const { rd, r, phi, theta, delta } = mod;
  const p = phi.length;
  const d = delta.length;
  // T, V and Z built explicitly (makeARIMA); forecasting is cheap.
  const T = new Float64Array(rd * rd);
  for (let i = 0; i < p; i++) T[i] = phi[i];
  for (let i = 1; i < r; i++) T[i - 1 + rd * i] = 1;
  const Z = new Float64Array(rd);
  Z[0] = 1;
  for (let i = 0; i < d; i++) Z[r + i] = delta[i];
  if (d > 0) {
    for (let j = 0; j < rd; j++) T[r + rd * j] = Z[j];
    for (let i = 1; i < d; i++) T[r + i + rd * (r + i - 1)] = 1;
  }
  const R = new Float64Array(rd);
  R[0] = 1;
  for (let i = 0; i < r - 1; i++) R[i + 1] = theta[i] ?? 0;
  const a = Float64Array.from(mod.a);
  const P = Float64Array.from(mod.P);
  const anew = new Float64Array(rd);
  const mm = new Float64Array(rd * rd);
  const pred = new Float64Array(nAhead);
  const variance = new Float64Array(nAhead);
  for (let l = 0; l < nAhead; l++) {
    let fc = 0;
    for (let i = 0; i < rd; i++) {
      let tmp = 0;
      for (let k = 0; k < rd; k++) tmp += T[i + rd * k] * a[k];
      anew[i] = tmp;
      fc += tmp * Z[i];
    }
    a.set(anew);
    pred[l] = fc;
    for (let i = 0; i < rd; i++)
      for (let j = 0; j < rd; j++) {
        let tmp = 0;
        for (let k = 0; k < rd; k++) tmp += T[i + rd * k] * P[k + rd * j];
        mm[i + rd * j] = tmp;
      }
    let tmpv = 0;
    for (let i = 0; i < rd; i++)
      for (let j = 0; j < rd; j++) {
        let tmp = R[i] * R[j];
        for (let k = 0; k < rd; k++) tmp += mm[i + rd * k] * T[j + rd * k];
        P[i + rd * j] = tmp;
      }
    for (let i = 0; i < rd; i++) for (let j = 0; j < rd; j++) tmpv += Z[i] * Z[j] * P[i + j * rd];
    variance[l] = tmpv;
  }
  return { pred, variance };
}
