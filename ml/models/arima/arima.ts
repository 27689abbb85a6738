import { maInvert, arStationary } from "./polyroot";
import { optimBfgs, OptimError, solveLinear, type OptimResult } from "./optim";
import {
  arimaCss,
  arimaLike,
  armaLikeFast,
  getQ0,
  gradTrans,
  invTrans,
  makeArimaSS,
  makeDelta,
  transPars,
  undoPars,
  type ArimaSS,
  type ArmaOrder,
} from "./state-space";

/**
 * One fit of R's `stats::arima` (R 4.2): CSS, ML, or CSS-ML (CSS estimates as the start of the exact
 * Kalman-filter ML), BFGS through `optimBfgs`, AR parts in Jones' transformed space during ML,
 * MA parts made invertible (`maInvert`), the coefficient covariance from the numerical Hessian.
 * The only regressor supported is the one forecast's auto.arima adds: an intercept (no differencing)
 * or a drift column 1..n (one difference).
 */

export type ArimaMethod = "CSS-ML" | "ML" | "CSS";
export type XregKind = "none" | "intercept" | "drift";

export interface ArimaSpec {
  order: readonly [number, number, number];
  seasonal: readonly [number, number, number];
  m: number;
  xreg: XregKind;
  method: ArimaMethod;
  /** Fix the regressor's coefficient instead of estimating it (forecast's `fixed = mean(x)`). */
  fixedXreg?: number;
}

export interface StatsArimaFit {
  arma: ArmaOrder;
  /** ar1..p, ma1..q, sar1..P, sma1..Q, then the intercept or drift coefficient. */
  coef: Float64Array;
  mask: boolean[];
  sigma2: number;
  /** Covariance of the estimated (masked) coefficients; null when nothing was estimated. */
  varCoef: Float64Array | null;
  loglik: number;
  /** NaN for CSS (R gives NA). */
  aic: number;
  nobs: number;
  residuals: Float64Array;
  /** Filtered state at the end of the series (what KalmanForecast starts from). */
  model: ArimaSS;
  xreg: XregKind;
  method: ArimaMethod;
  convergence: number;
}

export class ArimaFitError extends Error {}

export function xregColumn(kind: XregKind, n: number, start = 0): Float64Array | null {
  if (kind === "none") return null;
  const z = new Float64Array(n);
  for (let t = 0; t < n; t++) z[t] = kind === "drift" ? start + t + 1 : 1;
  return z;
}

function diffSeries(v: Float64Array, lag: number, times: number): Float64Array {
  let out = v;
  for (let k = 0; k < times; k++) {
    const next = new Float64Array(Math.max(out.length - lag, 0));
    for (let t = lag; t < out.length; t++) next[t - lag] = out[t] - out[t - lag];
    out = next;
  }
  return out;
}

export function fitStatsArima(x: Float64Array, spec: ArimaSpec): StatsArimaFit {
  const [p, d, q] = spec.order;
  const [P, D, Q] = spec.seasonal;
  const m = spec.m;
  const arma: ArmaOrder = [p, q, P, Q, m, d, D];
  const narma = p + q + P + Q;
  const n = x.length;
  const delta = makeDelta(d, D, m);
  const z = xregColumn(spec.xreg, n);
  const ncxreg = z ? 1 : 0;
  let method = spec.method;
  let anyNa = false;
  for (let t = 0; t < n; t++) if (Number.isNaN(x[t])) anyNa = true;
  if (method === "CSS-ML" && anyNa) method = "ML";
  let ncond = 0;
  if (method === "CSS" || method === "CSS-ML") ncond = d + D * m + p + m * P;
  const npar = narma + ncxreg;
  const fixed = new Float64Array(npar).fill(NaN);
  if (z && spec.fixedXreg !== undefined) fixed[narma] = spec.fixedXreg;
  const mask = Array.from(fixed, (v) => Number.isNaN(v));
  const noOptim = !mask.some(Boolean);
  const transformPars = !noOptim;
  const init = new Float64Array(npar);
  const parscale = new Float64Array(npar).fill(1);
  let nobsFinite = 0;
  for (let t = 0; t < n; t++) if (!Number.isNaN(x[t])) nobsFinite++;
  const nUsed = nobsFinite - delta.length;
  if (z) {
    // lm(dx ~ dxreg - 1): start value and parscale (10 standard errors) of the regressor
    let dx = diffSeries(x, 1, d);
    let dz = diffSeries(z, 1, d);
    if (m > 1 && D > 0) {
      dx = diffSeries(dx, m, D);
      dz = diffSeries(dz, m, D);
    }
    const reg = (yy: Float64Array, zz: Float64Array) => {
      let szz = 0;
      let szy = 0;
      let cnt = 0;
      for (let t = 0; t < yy.length; t++)
        if (Number.isFinite(yy[t]) && Number.isFinite(zz[t])) {
          szz += zz[t] * zz[t];
          szy += zz[t] * yy[t];
          cnt++;
        }
      if (szz === 0 || cnt === 0) return null;
      const beta = szy / szz;
      let rss = 0;
      for (let t = 0; t < yy.length; t++)
        if (Number.isFinite(yy[t]) && Number.isFinite(zz[t])) rss += (yy[t] - beta * zz[t]) ** 2;
      const se = Math.sqrt(rss / (cnt - 1)) / Math.sqrt(szz);
      return { beta, se };
    };
    let fitReg = dx.length > 1 ? reg(dx, dz) : null;
    if (!fitReg) fitReg = reg(x, z);
    if (!fitReg) throw new ArimaFitError("regression on the regressor failed");
    init[narma] = fitReg.beta;
    parscale[narma] = 10 * fitReg.se;
  }
  if (nUsed <= 0) throw new ArimaFitError("too few non-missing observations");
  const coef = Float64Array.from(fixed);
  const maskIdx: number[] = [];
  for (let i = 0; i < npar; i++) if (mask[i]) maskIdx.push(i);
  const nm = maskIdx.length;
  const pick = (v: Float64Array) => Float64Array.from(maskIdx, (i) => v[i]);
  const scaleMasked = Float64Array.from(maskIdx, (i) => parscale[i]);
  const par = new Float64Array(npar);
  const xw = new Float64Array(n);
  const resid = new Float64Array(n);
  const regressed = (beta: number) => {
    if (!z) return x;
    for (let t = 0; t < n; t++) xw[t] = x[t] - z[t] * beta;
    return xw;
  };

  const armaCSS = (pp: Float64Array) => {
    par.set(fixed);
    for (let k = 0; k < nm; k++) par[maskIdx[k]] = pp[k];
    const tr = transPars(par, arma, false);
    const y = regressed(z ? par[narma] : 0);
    const res = arimaCss(y, arma, tr.phi, tr.theta, ncond, resid);
    return 0.5 * Math.log(res);
  };

  const runOptim = (start: Float64Array, f: (pp: Float64Array) => number, hessian: boolean, maxit?: number): OptimResult => {
    if (noOptim) return { par: new Float64Array(0), value: f(new Float64Array(0)), convergence: 0, fnCount: 1, hessian: null };
    return optimBfgs(start, f, { parscale: scaleMasked, hessian, maxit });
  };

  const invHessian = (H: Float64Array | null, A: Float64Array | null): Float64Array | null => {
    if (!H) return null;
    const Hs = Float64Array.from(H, (v) => v * nUsed);
    if (!A) {
      const I = new Float64Array(nm * nm);
      for (let i = 0; i < nm; i++) I[i + i * nm] = 1;
      return solveLinear(Hs, nm, I, nm);
    }
    const S = solveLinear(Hs, nm, A, nm);
    // crossprod(A, S) = A' S
    const V = new Float64Array(nm * nm);
    for (let i = 0; i < nm; i++)
      for (let j = 0; j < nm; j++) {
        let s = 0;
        for (let k = 0; k < nm; k++) s += A[k + i * nm] * S[k + j * nm];
        V[i + j * nm] = s;
      }
    return V;
  };

  let res: OptimResult;
  let varCoef: Float64Array | null;
  let sigma2: number;
  let mod: ArimaSS;
  let residuals: Float64Array;
  if (method === "CSS") {
    res = runOptim(pick(init), armaCSS, true);
    for (let k = 0; k < nm; k++) coef[maskIdx[k]] = res.par[k];
    const tr = transPars(coef, arma, false);
    mod = makeArimaSS(tr.phi, tr.theta, delta);
    const y = Float64Array.from(regressed(z ? coef[narma] : 0));
    arimaLike(y, mod, 0, null);
    residuals = new Float64Array(n);
    sigma2 = arimaCss(y, arma, tr.phi, tr.theta, ncond, residuals);
    varCoef = noOptim ? null : invHessian(res.hessian, null);
  } else {
    if (method === "CSS-ML") {
      const r0 = runOptim(pick(init), armaCSS, false);
      if (r0.convergence === 0) for (let k = 0; k < nm; k++) init[maskIdx[k]] = r0.par[k];
      if (p > 0 && !arStationary(init.subarray(0, p))) throw new ArimaFitError("non-stationary AR part from CSS");
      if (P > 0 && !arStationary(init.subarray(p + q, p + q + P))) throw new ArimaFitError("non-stationary seasonal AR part from CSS");
      ncond = 0;
    }
    let start: Float64Array = init;
    if (transformPars) {
      start = invTrans(init, arma);
      if (q > 0) start.set(maInvert(start.slice(p, p + q)), p);
      if (Q > 0) start.set(maInvert(start.slice(p + q + P, p + q + P + Q)), p + q + P);
    }
    const tr0 = transPars(start, arma, transformPars);
    const template = makeArimaSS(tr0.phi, tr0.theta, delta);
    const work = makeArimaSS(tr0.phi, tr0.theta, delta);
    const r = template.r;
    const rd = template.rd;
    // Fast path (no missing values): the likelihood of the differenced series by the Chandrasekhar
    // recursions. It is the diffuse likelihood R approximates with κ = 1e6 on the differenced
    // states; the two agree to ~1e-5 in the log-likelihood on M1 (1e-12 without differencing).
    const fast = anyNa ? null : differenced(x, z, d, D, m);
    const fastScratch = new Float64Array(4 * r);
    const armafn = (pp: Float64Array, trans: boolean, exact = false) => {
      par.set(coef);
      for (let k = 0; k < nm; k++) par[maskIdx[k]] = pp[k];
      const tr = transPars(par, arma, trans);
      if (fast && !exact) {
        const beta = z ? par[narma] : 0;
        const wv = fast.w;
        for (let t = 0; t < wv.length; t++) wv[t] = fast.x[t] - (fast.z ? beta * fast.z[t] : 0);
        const lk = armaLikeFast(wv, tr.phi, tr.theta, stationaryQ0(tr.phi, tr.theta, r), fastScratch);
        if (lk) return 0.5 * (Math.log(lk.ssq / lk.nu) + lk.sumlog / lk.nu);
      }
      // upARIMA: new φ, θ, a = 0, the ARMA block of Pn from getQ0, the rest from makeARIMA's Pn
      const w = refreshModel(work, template, tr.phi, tr.theta, r, rd);
      const y = regressed(z ? par[narma] : 0);
      const lk = arimaLike(y, w, 0, null);
      const s2 = lk.ssq / lk.nu;
      return 0.5 * (Math.log(s2) + lk.sumlog / lk.nu);
    };
    res = runOptim(pick(start), (pp) => armafn(pp, transformPars), true);
    for (let k = 0; k < nm; k++) coef[maskIdx[k]] = res.par[k];
    if (transformPars) {
      if (q > 0 && mask.slice(p, p + q).every(Boolean)) coef.set(maInvert(coef.slice(p, p + q)), p);
      if (Q > 0 && mask.slice(p + q + P, p + q + P + Q).every(Boolean)) coef.set(maInvert(coef.slice(p + q + P, p + q + P + Q)), p + q + P);
      let changed = false;
      for (let k = 0; k < nm; k++) if (coef[maskIdx[k]] !== res.par[k]) changed = true;
      if (changed) {
        const old = res.convergence;
        res = optimBfgs(pick(coef), (pp) => armafn(pp, true), { parscale: scaleMasked, hessian: true, maxit: 0 });
        res.convergence = old;
        for (let k = 0; k < nm; k++) coef[maskIdx[k]] = res.par[k];
      }
      // the reported likelihood is R's (κ-diffuse Kalman filter) at the optimum
      if (fast) res.value = armafn(res.par, true, true);
      const Afull = gradTrans(coef, arma);
      const A = new Float64Array(nm * nm);
      for (let i = 0; i < nm; i++) for (let j = 0; j < nm; j++) A[i + j * nm] = Afull[maskIdx[i] + maskIdx[j] * npar];
      varCoef = invHessian(res.hessian, A);
      coef.set(undoPars(coef, arma));
    } else {
      if (fast) res.value = armafn(res.par, false, true);
      varCoef = noOptim ? null : invHessian(res.hessian, null);
    }
    const tr = transPars(coef, arma, false);
    mod = makeArimaSS(tr.phi, tr.theta, delta);
    residuals = new Float64Array(n);
    const val = arimaLike(Float64Array.from(regressed(z ? coef[narma] : 0)), mod, 0, residuals);
    sigma2 = val.ssq / nUsed;
  }
  const value = 2 * nUsed * res.value + nUsed + nUsed * Math.log(2 * Math.PI);
  const aic = method !== "CSS" ? value + 2 * nm + 2 : NaN;
  return {
    arma,
    coef,
    mask,
    sigma2,
    varCoef,
    loglik: -0.5 * value,
    aic,
    nobs: nUsed,
    residuals,
    model: mod,
    xreg: spec.xreg,
    method,
    convergence: res.convergence,
  };
}

/**
 * The ARMA block of makeARIMA's Pn, as the fast likelihood needs it: R's getQ0 (Gardner), so that
 * the objective is R's wherever Gardner is accurate; where it is not, `armaLikeFast` declines and
 * the full filter runs on the same Q0, as in R (which then often fails the fit, as here). The
 * scalar variance when r = 1.
 */
function stationaryQ0(phi: Float64Array, theta: Float64Array, r: number): Float64Array {
  if (r > 1) return getQ0(phi, theta);
  return Float64Array.of(phi.length > 0 ? 1 / (1 - phi[0] * phi[0]) : 1);
}

/** (1−B)^d (1−B^m)^D applied to x and to the regressor, plus a buffer for x − βz. */
function differenced(x: Float64Array, z: Float64Array | null, d: number, D: number, m: number): { x: Float64Array; z: Float64Array | null; w: Float64Array } {
  const dx = diffSeries(diffSeries(x, 1, d), m, D);
  const dz = z ? diffSeries(diffSeries(z, 1, d), m, D) : null;
  return { x: dx, z: dz, w: new Float64Array(dx.length) };
}

function refreshModel(work: ArimaSS, template: ArimaSS, phi: Float64Array, theta: Float64Array, r: number, rd: number): ArimaSS {
  work.phi = phi;
  work.theta = theta;
  work.a.fill(0);
  work.Pn.set(template.Pn);
  const p = phi.length;
  if (r > 1) {
    const Q0 = getQ0(phi, theta);
    for (let j = 0; j < r; j++) for (let i = 0; i < r; i++) work.Pn[i + rd * j] = Q0[i + r * j];
  } else work.Pn[0] = p > 0 ? 1 / (1 - phi[0] * phi[0]) : 1;
  return work;
}


/** Evaluate the exact log-likelihood of natural (untransformed) coefficients, as R reports it. */
export function arimaLoglikAt(x: Float64Array, spec: ArimaSpec, coef: ArrayLike<number>): { loglik: number; sigma2: number } {
  const [p, d, q] = spec.order;
  const [P, D, Q] = spec.seasonal;
  const arma: ArmaOrder = [p, q, P, Q, spec.m, d, D];
  const narma = p + q + P + Q;
  const z = xregColumn(spec.xreg, x.length);
  const y = Float64Array.from(x);
  if (z) for (let t = 0; t < y.length; t++) y[t] -= z[t] * coef[narma];
  const tr = transPars(coef, arma, false);
  const mod = makeArimaSS(tr.phi, tr.theta, makeDelta(d, D, spec.m));
  const lk = arimaLike(y, mod, 0, null);
  let nobs = 0;
  for (let t = 0; t < x.length; t++) if (!Number.isNaN(x[t])) nobs++;
  const nUsed = nobs - (d + D * spec.m);
  const s2 = lk.ssq / lk.nu;
  const value = 0.5 * (Math.log(s2) + lk.sumlog / lk.nu);
  return { loglik: -0.5 * (2 * nUsed * value + nUsed + nUsed * Math.log(2 * Math.PI)), sigma2: lk.ssq / nUsed };
}

export { OptimError };
