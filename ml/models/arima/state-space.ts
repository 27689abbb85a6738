/**
 * The state-space machinery of R's `stats::arima` (R 4.2, src/library/stats/src/arima.c), ported to
 * TypeScript on typed arrays: parameter transforms (`partrans`, Jones 1980 via Durbin–Levinson),
 * seasonal expansion (`ARIMA_transPars`), Gardner et al. (1980) initial covariance (`getQ0`, AS 154),
 * the exact Kalman likelihood (`ARIMA_Like`), conditional sum of squares (`ARIMA_CSS`) and Kalman
 * forecasts (`KalmanFore`). Matrices are column-major like R's, so index formulas match the C.
 * Beyond R, for speed: a sparse Givens sweep in getQ0 (bit-identical), a Riccati fixed-point freeze
 * in the Kalman filter, the Chandrasekhar likelihood of the differenced series for the ML search
 * (`armaLikeFast`), and R's "Rossignol2011" exact Q0 (`stationaryCovariance`).
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

/**
 * Work arrays of the Givens regression in `getQ0`, reused across calls of the same size (one ML fit
 * calls getQ0 once per likelihood evaluation). Between calls every array is back to zero.
 */
interface GivensWork {
  rbar: Float64Array;
  /** Row i of rbar (columns i+1..np−1) starts at rowStart[i]; rowPat lists, in the same slots, the columns that have been touched. */
  rowStart: Int32Array;
  rowPat: Int32Array;
  rowLen: Int32Array;
  /** The row being included: values, a mark per column, and the marked columns in increasing order. */
  xrow: Float64Array;
  inX: Uint8Array;
  xList: Int32Array;
  seen: Uint8Array;
  /** getQ0's own vectors (length np): the regression's right-hand side, the row, the solution / d. */
  thetab: Float64Array;
  xnext: Float64Array;
  Pw: Float64Array;
  cand: Int32Array;
}

const givensWork = new Map<number, GivensWork>();

function givensFor(np: number, r: number): GivensWork {
  let w = givensWork.get(np);
  if (!w) {
    const nrbar = (np * (np - 1)) / 2;
    const rowStart = new Int32Array(np);
    for (let i = 1; i < np; i++) rowStart[i] = rowStart[i - 1] + np - i;
    w = {
      rbar: new Float64Array(nrbar),
      rowStart,
      rowPat: new Int32Array(nrbar),
      rowLen: new Int32Array(np),
      xrow: new Float64Array(np),
      inX: new Uint8Array(np),
      xList: new Int32Array(np),
      seen: new Uint8Array(np),
      thetab: new Float64Array(np),
      xnext: new Float64Array(np),
      cand: new Int32Array(5),
      Pw: new Float64Array(Math.max(np, r * r)),
    };
    if (givensWork.size > 32) givensWork.clear();
    givensWork.set(np, w);
  }
  w.thetab.fill(0);
  w.xnext.fill(0);
  w.Pw.fill(0);
  return w;
}

/** Insert k into the increasing list[from..end) (k is not in it); returns the new end. */
function insertSorted(list: Int32Array, from: number, end: number, k: number): number {
  let j = end;
  while (j > from && list[j - 1] > k) {
    list[j] = list[j - 1];
    j--;
  }
  list[j] = k;
  return end + 1;
}

/**
 * AS 154's inclu2 (include one row in the Givens QR of the regression), visiting only the columns
 * where the row or the stored R factor can be non-zero: `cand` lists the (at most five) columns the
 * caller may have set in xnext. For ARIMA(·)(·)[12] models the factor is ~3 % full, and every skipped
 * update is 0 − x·0 or c·0 + s·0, so the result is R's to the last bit at a fraction of the cost.
 */
function inclu2(xnext: Float64Array, cand: Int32Array, nc: number, ynext: number, d: Float64Array, thetab: Float64Array, w: GivensWork): void {
  const { rbar, rowStart, rowPat, rowLen, xrow, inX, xList, seen } = w;
  let xn = 0;
  for (let c = 0; c < nc; c++) {
    const k = cand[c];
    if (k >= xnext.length || inX[k] === 1 || xnext[k] === 0) continue;
    inX[k] = 1;
    xrow[k] = xnext[k];
    xn = insertSorted(xList, 0, xn, k);
  }
  for (let u = 0; u < xn; u++) {
    const i = xList[u];
    const xi = xrow[i];
    if (xi === 0) continue;
    const di = d[i];
    const dpi = di + xi * xi;
    d[i] = dpi;
    const cbar = di / dpi;
    const sbar = xi / dpi;
    const base = rowStart[i] - i - 1; // rbar index of (i, k) is base + k
    const slot = rowStart[i];
    const len = rowLen[i];
    for (let t = 0; t < len; t++) {
      const k = rowPat[slot + t];
      seen[k] = 1;
      const xk = xrow[k];
      const rb = rbar[base + k];
      xrow[k] = xk - xi * rb;
      rbar[base + k] = cbar * rb + sbar * xk;
      if (inX[k] === 0) {
        inX[k] = 1;
        xn = insertSorted(xList, u + 1, xn, k);
      }
    }
    // columns the row reaches that this row of the factor has not: there rbar(i, k) was 0
    let newLen = len;
    for (let v = u + 1; v < xn; v++) {
      const k = xList[v];
      if (seen[k] === 1) continue;
      rbar[base + k] = sbar * xrow[k];
      newLen = insertSorted(rowPat, slot, slot + newLen, k) - slot;
    }
    rowLen[i] = newLen;
    for (let t = 0; t < newLen; t++) seen[rowPat[slot + t]] = 0;
    const yk = ynext;
    ynext = yk - xi * thetab[i];
    thetab[i] = cbar * thetab[i] + sbar * yk;
    if (di === 0) break;
  }
  for (let u = 0; u < xn; u++) {
    xrow[xList[u]] = 0;
    inX[xList[u]] = 0;
  }
}

/** Back substitution through R's packed factor (each row's terms in decreasing column order, as AS 154; rows keep their columns sorted), then the factor is cleared. */
function givensSolve(np: number, thetab: Float64Array, Pw: Float64Array, w: GivensWork): void {
  const { rbar, rowStart, rowPat, rowLen } = w;
  for (let im = np - 1; im >= 0; im--) {
    let bi = thetab[im];
    const slot = rowStart[im];
    const len = rowLen[im];
    if (len > 0) {
      const base = slot - im - 1;
      for (let t = slot + len - 1; t >= slot; t--) {
        const k = rowPat[t];
        bi -= rbar[base + k] * Pw[k];
        rbar[base + k] = 0;
      }
      rowLen[im] = 0;
    }
    Pw[im] = bi;
  }
}

/**
 * The stationary covariance of the ARMA state (the r×r matrix Q0 with Q0 = T Q0 T' + R R'), from the
 * ARMA autocovariances and ψ weights rather than Gardner et al.'s regression (Brockwell & Davis'
 * difference equations, the idea behind R's "Rossignol2011"): the state is
 *   α[i] = Σ_{j=0}^{r−1−i} φ'_{i+j} X_{t−1−j} + θ'_{i+j} e_{t−j}   (φ'_m = φ_{m+1}, θ'_0 = 1, θ'_m = θ_m),
 * so Cov(α[i], α[k]) sums γ(|j − l|), ψ_{l−1−j} and δ_{jl} over the non-zero coefficients only —
 * a few dozen terms per entry for seasonal models, against Gardner's O(r⁶) Givens sweep. Returns
 * null when the autocovariance system is too ill-conditioned to trust (the caller then runs Gardner).
 * This is R's SSinit = "Rossignol2011". Gardner's regression, R's default and what the fits use to
 * stay with R, agrees to ~1e-12 except for some seasonal models, where it is the one in error
 * (see the tests).
 */
export function stationaryCovariance(phi: Float64Array, theta: Float64Array): Float64Array | null {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  // θ'_0..θ'_q and ψ_0..ψ_{r−1}
  const th = new Float64Array(r);
  th[0] = 1;
  for (let j = 1; j <= q && j < r; j++) th[j] = theta[j - 1];
  const psi = new Float64Array(r);
  for (let j = 0; j < r; j++) {
    let s = j <= q ? th[j] : 0;
    for (let k = 1; k <= Math.min(j, p); k++) s += phi[k - 1] * psi[j - k];
    psi[j] = s;
  }
  // γ(0..p): γ(h) − Σ_k φ_k γ(|h − k|) = Σ_{j=h}^{q} θ_j ψ_{j−h}, a (p+1)² system solved by partial pivoting
  const n = p + 1;
  const A = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let h = 0; h <= p; h++) {
    A[h * n + h] += 1;
    for (let k = 1; k <= p; k++) A[h * n + Math.abs(h - k)] -= phi[k - 1];
    let s = 0;
    for (let j = h; j <= q; j++) s += th[j] * psi[j - h];
    b[h] = s;
  }
  let pmin = Infinity;
  let pmax = 0;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(A[i * n + c]) > Math.abs(A[piv * n + c])) piv = i;
    if (piv !== c) {
      for (let j = 0; j < n; j++) {
        const t = A[c * n + j];
        A[c * n + j] = A[piv * n + j];
        A[piv * n + j] = t;
      }
      const t = b[c];
      b[c] = b[piv];
      b[piv] = t;
    }
    const d = A[c * n + c];
    const ad = Math.abs(d);
    if (ad < pmin) pmin = ad;
    if (ad > pmax) pmax = ad;
    if (d === 0) return null;
    for (let i = c + 1; i < n; i++) {
      const f = A[i * n + c] / d;
      if (f === 0) continue;
      for (let j = c; j < n; j++) A[i * n + j] -= f * A[c * n + j];
      b[i] -= f * b[c];
    }
  }
  if (!(pmin > ILL_CONDITIONED * pmax)) return null;
  const gamma = new Float64Array(Math.max(r, n));
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < n; j++) s -= A[i * n + j] * gamma[j];
    gamma[i] = s / A[i * n + i];
  }
  for (let h = n; h < r; h++) {
    let s = 0;
    for (let k = 1; k <= p; k++) s += phi[k - 1] * gamma[h - k];
    for (let j = h; j <= q; j++) s += th[j] * psi[j - h];
    gamma[h] = s;
  }
  const nzA: number[] = [];
  for (let m = 0; m < p; m++) if (phi[m] !== 0) nzA.push(m);
  const nzB: number[] = [];
  for (let m = 0; m < r; m++) if (th[m] !== 0) nzB.push(m);
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; i++)
    for (let k = i; k < r; k++) {
      let s = 0;
      for (const m1 of nzA) {
        if (m1 < i) continue;
        const j = m1 - i;
        for (const m2 of nzA) {
          if (m2 < k) continue;
          s += phi[m1] * phi[m2] * gamma[Math.abs(j - (m2 - k))];
        }
        for (const m2 of nzB) {
          if (m2 < k) continue;
          const lag = m2 - k - 1 - j;
          if (lag >= 0) s += phi[m1] * th[m2] * psi[lag];
        }
      }
      for (const m1 of nzB) {
        if (m1 < i) continue;
        const j = m1 - i;
        const m2 = k + j;
        if (m2 < r) s += th[m1] * th[m2];
        for (const m3 of nzA) {
          if (m3 < k) continue;
          const lag = j - 1 - (m3 - k);
          if (lag >= 0) s += th[m1] * phi[m3] * psi[lag];
        }
      }
      out[i + r * k] = s;
      out[k + r * i] = s;
    }
  return out;
}

/** Smallest/largest pivot ratio below which the autocovariance solve is left to Gardner's method. */
const ILL_CONDITIONED = 1e-6;

/** Gardner, Harvey & Phillips (1980) stationary covariance of the ARMA state (R's getQ0), r×r column-major. */
export function getQ0(phi: Float64Array, theta: Float64Array): Float64Array {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  const np = (r * (r + 1)) / 2;
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
    const work = givensFor(np, r);
    const { thetab, xnext, Pw } = work;
    const cand = work.cand;
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
        // the columns of xnext this pass may have set (see the writes above)
        cand[0] = indj;
        cand[1] = indi;
        cand[2] = Math.max(ind1, 0);
        cand[3] = npr;
        cand[4] = ind2;
        inclu2(xnext, cand, 5, ynext, Pw, thetab, work);
        xnext[ind2] = 0;
        if (i !== r - 1) {
          xnext[indi++] = 0;
          xnext[ind1] = 0;
        }
      }
    }
    givensSolve(np, thetab, Pw, work);
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

interface LikeScratch {
  anew: Float64Array;
  M: Float64Array;
  w: Float64Array;
  /** Indices and values of the non-zero differencing coefficients ((1−B)(1−B¹²) has 3 of 13). */
  dIdx: Int32Array;
  dVal: Float64Array;
}

const scratchOf = new WeakMap<ArimaSS, LikeScratch>();

function likeScratch(mod: ArimaSS): LikeScratch {
  let s = scratchOf.get(mod);
  if (!s || s.anew.length !== mod.rd || s.dIdx.length !== countNonZero(mod.delta)) {
    const nz: number[] = [];
    for (let i = 0; i < mod.delta.length; i++) if (mod.delta[i] !== 0) nz.push(i);
    s = {
      anew: new Float64Array(mod.rd),
      M: new Float64Array(mod.rd),
      w: new Float64Array(mod.rd * mod.rd),
      dIdx: Int32Array.from(nz),
      dVal: Float64Array.from(nz, (i) => mod.delta[i]),
    };
    scratchOf.set(mod, s);
  }
  return s;
}

function countNonZero(v: Float64Array): number {
  let c = 0;
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) c++;
  return c;
}

/** P is taken as converged when one filter step moves no entry by more than this (relative to max(1, |P|)). */
const STEADY_TOL = 1e-13;

/**
 * R's ARIMA_Like: exact Gaussian likelihood by the Kalman filter, updating `mod.a`, `mod.P`, `mod.Pn`
 * in place (as the C code does). `up`: the prediction step P ← TPT' + V is skipped for l ≤ up, so
 * up = 0 starts from Pn as the prior of the first observation and up = −1 continues a filtered state.
 * Observations with gain ≥ 1e4 (the diffuse start) are left out of the likelihood.
 *
 * Two savings over the C code, neither changing what is computed beyond rounding: the differencing
 * polynomial is applied through its non-zero coefficients only, and once a filter step leaves the
 * filtered covariance unchanged (to 1e-13) the covariance recursion, the gain vector and the gain are
 * frozen until the next missing observation — the Riccati recursion has reached its fixed point, so
 * running it again would reproduce the same numbers. Work buffers are reused across calls on the same model.
 */
export function arimaLike(y: ArrayLike<number>, mod: ArimaSS, up: number, resid: Float64Array | null): LikeResult {
  const n = y.length;
  const { phi, theta, delta, rd, r, a, P } = mod;
  const Pnew = mod.Pn;
  const p = phi.length;
  const q = theta.length;
  const d = delta.length;
  const { anew, M, w, dIdx, dVal } = likeScratch(mod);
  const nd = dIdx.length;
  let ssq = 0;
  let sumlog = 0;
  let nu = 0;
  let steady = false;
  let gain = 0;
  for (let l = 0; l < n; l++) {
    for (let i = 0; i < r; i++) {
      let tmp = i < r - 1 ? a[i + 1] : 0;
      if (i < p) tmp += phi[i] * a[0];
      anew[i] = tmp;
    }
    if (d > 0) {
      for (let i = r + 1; i < rd; i++) anew[i] = a[i - 1];
      let tmp = a[0];
      for (let k = 0; k < nd; k++) tmp += dVal[k] * a[r + dIdx[k]];
      anew[r] = tmp;
    }
    const yl = y[l];
    const observed = !Number.isNaN(yl);
    if (steady && observed) {
      // fixed point of the Riccati recursion: M and gain as in the previous step
      let res = yl - anew[0];
      for (let k = 0; k < nd; k++) res -= dVal[k] * anew[r + dIdx[k]];
      if (gain < 1e4) {
        nu++;
        ssq += (res * res) / gain;
        sumlog += Math.log(gain);
      }
      if (resid) resid[l] = res / Math.sqrt(gain);
      const rg = res / gain;
      for (let i = 0; i < rd; i++) a[i] = anew[i] + M[i] * rg;
      continue;
    }
    steady = false;
    if (l > up) {
      if (d === 0) {
        const P0 = P[0];
        for (let i = 0; i < r; i++) {
          const vi = i === 0 ? 1 : i - 1 < q ? theta[i - 1] : 0;
          const phii = i < p ? phi[i] : 0;
          for (let j = 0; j < r; j++) {
            let tmp = j === 0 ? vi : j - 1 < q ? vi * theta[j - 1] : 0;
            if (i < p && j < p) tmp += phii * phi[j] * P0;
            if (i < r - 1 && j < r - 1) tmp += P[i + 1 + r * (j + 1)];
            if (i < p && j < r - 1) tmp += phii * P[j + 1];
            if (j < p && i < r - 1) tmp += phi[j] * P[i + 1];
            Pnew[i + r * j] = tmp;
          }
        }
      } else {
        // mm = T P
        for (let j = 0; j < rd; j++) {
          const cj = rd * j;
          const Pj0 = P[cj];
          for (let i = 0; i < r; i++) {
            let tmp = 0;
            if (i < p) tmp += phi[i] * Pj0;
            if (i < r - 1) tmp += P[i + 1 + cj];
            w[i + cj] = tmp;
          }
          let tmp = Pj0;
          for (let k = 0; k < nd; k++) tmp += dVal[k] * P[r + dIdx[k] + cj];
          w[r + cj] = tmp;
          for (let i = 1; i < d; i++) w[r + i + cj] = P[r + i - 1 + cj];
        }
        // Pnew = mm T'
        for (let i = 0; i < r; i++) {
          const phii = i < p ? phi[i] : 0;
          const ci = rd * i;
          const cn = rd * (i + 1);
          for (let j = 0; j < rd; j++) {
            let tmp = 0;
            if (i < p) tmp += phii * w[j];
            if (i < r - 1) tmp += w[cn + j];
            Pnew[j + ci] = tmp;
          }
        }
        for (let j = 0; j < rd; j++) {
          let tmp = w[j];
          for (let k = 0; k < nd; k++) tmp += dVal[k] * w[rd * (r + dIdx[k]) + j];
          Pnew[rd * r + j] = tmp;
        }
        for (let i = 1; i < d; i++) {
          const ci = rd * (r + i);
          const cp = rd * (r + i - 1);
          for (let j = 0; j < rd; j++) Pnew[ci + j] = w[cp + j];
        }
        for (let i = 0; i <= q; i++) {
          const vi = i === 0 ? 1 : theta[i - 1];
          for (let j = 0; j <= q; j++) Pnew[i + rd * j] += vi * (j === 0 ? 1 : theta[j - 1]);
        }
      }
    }
    if (observed) {
      let res = yl - anew[0];
      for (let k = 0; k < nd; k++) res -= dVal[k] * anew[r + dIdx[k]];
      for (let i = 0; i < rd; i++) {
        let tmp = Pnew[i];
        for (let k = 0; k < nd; k++) tmp += Pnew[i + (r + dIdx[k]) * rd] * dVal[k];
        M[i] = tmp;
      }
      gain = M[0];
      for (let k = 0; k < nd; k++) gain += dVal[k] * M[r + dIdx[k]];
      if (gain < 1e4) {
        nu++;
        ssq += (res * res) / gain;
        sumlog += Math.log(gain);
      }
      if (resid) resid[l] = res / Math.sqrt(gain);
      for (let i = 0; i < rd; i++) a[i] = anew[i] + (M[i] * res) / gain;
      let change = 0;
      let size = 1;
      for (let i = 0; i < rd; i++) {
        const mi = M[i] / gain;
        for (let j = 0; j < rd; j++) {
          const k = i + j * rd;
          const v = Pnew[k] - mi * M[j];
          const dv = Math.abs(v - P[k]);
          if (dv > change) change = dv;
          const av = Math.abs(v);
          if (av > size) size = av;
          P[k] = v;
        }
      }
      // only a step that ran the prediction (l > up) can be repeated as a fixed point
      steady = l > up && change <= STEADY_TOL * size;
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

/**
 * The exact Gaussian likelihood of a stationary ARMA series `w` (no missing values) by the
 * Chandrasekhar recursions (Morf, Sidhu & Kailath 1974): with the stationary start P₁ = Q0 the
 * change P_{t+1} − P_t has rank one, so the gain and innovation variance follow in O(r) per step
 * instead of the Riccati recursion's O(r²) — the same numbers as `arimaLike` with d = 0, to rounding.
 * Returns null when Q0 does not solve Q0 = T Q0 T' + RR' to 1e-8 of its size: Gardner's algorithm
 * loses accuracy for many seasonal models (residuals of 1e-10…1e-8 are common, 1e-6 and worse
 * occur), and beyond 1e-8 only the full recursion on the same Q0 reproduces R's likelihood.
 * `scratch` holds 4 vectors of length r (reused across calls).
 */
export function armaLikeFast(w: ArrayLike<number>, phi: Float64Array, theta: Float64Array, Q0: Float64Array, scratch: Float64Array): LikeResult | null {
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  // Lyapunov residual of Q0: (T Q0 T')[i][j] = φ_i φ_j Q00 + φ_i Q0[0][j+1] + φ_j Q0[i+1][0] + Q0[i+1][j+1]
  let size = 0;
  for (let i = 0; i < r * r; i++) size = Math.max(size, Math.abs(Q0[i]));
  let worst = 0;
  for (let i = 0; i < r; i++) {
    const vi = i === 0 ? 1 : i - 1 < q ? theta[i - 1] : 0;
    const phii = i < p ? phi[i] : 0;
    for (let j = i; j < r; j++) {
      const vj = j === 0 ? 1 : j - 1 < q ? theta[j - 1] : 0;
      const phij = j < p ? phi[j] : 0;
      let t = vi * vj + phii * phij * Q0[0];
      if (j < r - 1) t += phii * Q0[r * (j + 1)];
      if (i < r - 1) t += phij * Q0[i + 1];
      if (i < r - 1 && j < r - 1) t += Q0[i + 1 + r * (j + 1)];
      worst = Math.max(worst, Math.abs(t - Q0[i + r * j]));
    }
  }
  if (!(worst <= 1e-8 * Math.max(size, 1))) return null;
  const a = scratch.subarray(0, r);
  const K = scratch.subarray(r, 2 * r);
  const W = scratch.subarray(2 * r, 3 * r);
  const g = scratch.subarray(3 * r, 4 * r);
  a.fill(0);
  // K₁ = T Q0 e₁, W₁ = K₁, S₁ = −1/F₁
  const q00 = Q0[0];
  for (let i = 0; i < r; i++) K[i] = (i < p ? phi[i] * q00 : 0) + (i < r - 1 ? Q0[i + 1] : 0);
  W.set(K);
  let F = q00;
  let S = -1 / F;
  let ssq = 0;
  let sumlog = 0;
  let nu = 0;
  const n = w.length;
  for (let t = 0; t < n; t++) {
    const v = w[t] - a[0];
    if (F < 1e4) {
      nu++;
      ssq += (v * v) / F;
      sumlog += Math.log(F);
    }
    // â ← T â + K v / F
    const a0 = a[0];
    const vf = v / F;
    for (let i = 0; i < r - 1; i++) a[i] = a[i + 1] + (i < p ? phi[i] * a0 : 0) + K[i] * vf;
    a[r - 1] = (r - 1 < p ? phi[r - 1] * a0 : 0) + K[r - 1] * vf;
    if (t === n - 1) break;
    // rank-one update of F, K, W, S
    const u = W[0];
    const w0 = W[0];
    for (let i = 0; i < r - 1; i++) g[i] = W[i + 1] + (i < p ? phi[i] * w0 : 0);
    g[r - 1] = r - 1 < p ? phi[r - 1] * w0 : 0;
    const Su = S * u;
    const Fnew = F + Su * u;
    for (let i = 0; i < r; i++) K[i] += g[i] * Su;
    const uf = u / Fnew;
    for (let i = 0; i < r; i++) W[i] = g[i] - K[i] * uf;
    S += (Su * Su) / F;
    F = Fnew;
  }
  return { ssq, sumlog, nu };
}
