/**
 * R's `optim(method = "BFGS")` without an analytic gradient: `vmmin` (Nash 1990, Algorithm 21) with
 * central-difference gradients (ndeps 1e-3 on the parscale'd parameters), reltol = sqrt(eps),
 * maxit 100, and `optimhess` for the Hessian. Ported step for step from R's src/appl/optim.c and
 * src/library/stats/src/optim.c so that the ARIMA fits land on the same optimum R's do.
 */

export class OptimError extends Error {}

export interface OptimResult {
  par: Float64Array;
  value: number;
  convergence: number;
  fnCount: number;
  hessian: Float64Array | null;
}

const RELTOL = Math.sqrt(2.220446049250313e-16);

export function optimBfgs(
  init: Float64Array,
  fn: (par: Float64Array) => number,
  opts: { parscale?: Float64Array; maxit?: number; hessian?: boolean; ndeps?: number } = {},
): OptimResult {
  const n = init.length;
  const parscale = opts.parscale ?? new Float64Array(n).fill(1);
  const maxit = opts.maxit ?? 100;
  const ndeps = opts.ndeps ?? 1e-3;
  const x = new Float64Array(n);
  let fnCount = 0;
  // fminfn / fmingr on the scaled parameters p = par / parscale
  const fmin = (p: Float64Array) => {
    for (let i = 0; i < n; i++) x[i] = p[i] * parscale[i];
    fnCount++;
    return fn(x);
  };
  const fgr = (p: Float64Array, df: Float64Array) => {
    for (let i = 0; i < n; i++) x[i] = p[i] * parscale[i];
    for (let i = 0; i < n; i++) {
      const eps = ndeps;
      x[i] = (p[i] + eps) * parscale[i];
      fnCount++;
      const val1 = fn(x);
      x[i] = (p[i] - eps) * parscale[i];
      fnCount++;
      const val2 = fn(x);
      df[i] = (val1 - val2) / (2 * eps);
      if (!Number.isFinite(df[i])) throw new OptimError(`non-finite finite-difference value [${i + 1}]`);
      x[i] = p[i] * parscale[i];
    }
  };
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = init[i] / parscale[i];
  let Fmin: number;
  let fail = 0;
  if (maxit <= 0) {
    Fmin = fmin(b);
  } else {
    const g = new Float64Array(n);
    const t = new Float64Array(n);
    const X = new Float64Array(n);
    const c = new Float64Array(n);
    const B = new Float64Array(n * n); // lower triangle B[i*n+j], j <= i
    let f = fmin(b);
    if (!Number.isFinite(f)) throw new OptimError("initial value in 'vmmin' is not finite");
    Fmin = f;
    let gradcount = 1;
    fgr(b, g);
    let iter = 1;
    let ilast = gradcount;
    let count: number;
    do {
      if (ilast === gradcount) {
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < i; j++) B[i * n + j] = 0;
          B[i * n + i] = 1;
        }
      }
      for (let i = 0; i < n; i++) {
        X[i] = b[i];
        c[i] = g[i];
      }
      let gradproj = 0;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j <= i; j++) s -= B[i * n + j] * g[j];
        for (let j = i + 1; j < n; j++) s -= B[j * n + i] * g[j];
        t[i] = s;
        gradproj += s * g[i];
      }
      if (gradproj < 0) {
        let steplength = 1;
        let accpoint = false;
        do {
          count = 0;
          for (let i = 0; i < n; i++) {
            b[i] = X[i] + steplength * t[i];
            if (10 + X[i] === 10 + b[i]) count++;
          }
          if (count < n) {
            f = fmin(b);
            accpoint = Number.isFinite(f) && f <= Fmin + gradproj * steplength * 1e-4;
            if (!accpoint) steplength *= 0.2;
          }
        } while (!(count === n || accpoint));
        const enough = f > -Infinity && Math.abs(f - Fmin) > RELTOL * (Math.abs(Fmin) + RELTOL);
        if (!enough) {
          count = n;
          Fmin = f;
        }
        if (count < n) {
          Fmin = f;
          fgr(b, g);
          gradcount++;
          iter++;
          let D1 = 0;
          for (let i = 0; i < n; i++) {
            t[i] = steplength * t[i];
            c[i] = g[i] - c[i];
            D1 += t[i] * c[i];
          }
          if (D1 > 0) {
            let D2 = 0;
            for (let i = 0; i < n; i++) {
              let s = 0;
              for (let j = 0; j <= i; j++) s += B[i * n + j] * c[j];
              for (let j = i + 1; j < n; j++) s += B[j * n + i] * c[j];
              X[i] = s;
              D2 += s * c[i];
            }
            D2 = 1 + D2 / D1;
            for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) B[i * n + j] += (D2 * t[i] * t[j] - X[i] * t[j] - t[i] * X[j]) / D1;
          } else {
            ilast = gradcount;
          }
        } else if (ilast < gradcount) {
          count = 0;
          ilast = gradcount;
        }
      } else {
        count = 0;
        if (ilast === gradcount) count = n;
        else ilast = gradcount;
      }
      if (iter >= maxit) break;
      if (gradcount - ilast > 2 * n) ilast = gradcount;
    } while (count !== n || ilast !== gradcount);
    fail = iter < maxit ? 0 : 1;
  }
  const par = new Float64Array(n);
  for (let i = 0; i < n; i++) par[i] = b[i] * parscale[i];
  let hessian: Float64Array | null = null;
  if (opts.hessian) {
    // optimhess: differences of numerical gradients, then symmetrised
    hessian = new Float64Array(n * n);
    const dpar = new Float64Array(n);
    for (let i = 0; i < n; i++) dpar[i] = par[i] / parscale[i];
    const df1 = new Float64Array(n);
    const df2 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const eps = ndeps / parscale[i];
      dpar[i] += eps;
      fgr(dpar, df1);
      dpar[i] -= 2 * eps;
      fgr(dpar, df2);
      for (let j = 0; j < n; j++) hessian[i * n + j] = (df1[j] - df2[j]) / (2 * eps * parscale[i] * parscale[j]);
      dpar[i] += eps;
    }
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++) {
        const tmp = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
        hessian[i * n + j] = hessian[j * n + i] = tmp;
      }
  }
  return { par, value: Fmin, convergence: fail, fnCount, hessian };
}

/**
 * Solve A X = B (A n×n column-major, B n×k column-major) by LU with partial pivoting; throws like
 * R's `solve` when A is exactly or computationally singular (reciprocal condition < eps).
 */
export function solveLinear(A: Float64Array, n: number, Bm: Float64Array, k: number): Float64Array {
  const lu = Float64Array.from(A);
  const piv = new Int32Array(n);
  let anorm = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(A[i + j * n]);
    anorm = Math.max(anorm, s);
  }
  for (let j = 0; j < n; j++) {
    let pmax = j;
    for (let i = j + 1; i < n; i++) if (Math.abs(lu[i + j * n]) > Math.abs(lu[pmax + j * n])) pmax = i;
    piv[j] = pmax;
    if (lu[pmax + j * n] === 0) throw new OptimError("system is exactly singular");
    if (pmax !== j)
      for (let c = 0; c < n; c++) {
        const t = lu[j + c * n];
        lu[j + c * n] = lu[pmax + c * n];
        lu[pmax + c * n] = t;
      }
    const d = lu[j + j * n];
    for (let i = j + 1; i < n; i++) lu[i + j * n] /= d;
    for (let c = j + 1; c < n; c++) {
      const f = lu[j + c * n];
      if (f !== 0) for (let i = j + 1; i < n; i++) lu[i + c * n] -= lu[i + j * n] * f;
    }
  }
  const sol = (rhs: Float64Array) => {
    for (let j = 0; j < n; j++) {
      const pj = piv[j];
      if (pj !== j) {
        const t = rhs[j];
        rhs[j] = rhs[pj];
        rhs[pj] = t;
      }
    }
    for (let j = 0; j < n; j++) for (let i = j + 1; i < n; i++) rhs[i] -= lu[i + j * n] * rhs[j];
    for (let j = n - 1; j >= 0; j--) {
      rhs[j] /= lu[j + j * n];
      for (let i = 0; i < j; i++) rhs[i] -= lu[i + j * n] * rhs[j];
    }
  };
  // reciprocal condition number in the 1-norm from the explicit inverse (n is tiny here)
  let inorm = 0;
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    sol(col);
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(col[i]);
    inorm = Math.max(inorm, s);
  }
  const rcond = 1 / (anorm * inorm);
  if (!(rcond >= 2.220446049250313e-16)) throw new OptimError(`system is computationally singular: reciprocal condition number = ${rcond}`);
  const out = Float64Array.from(Bm);
  const rhs = new Float64Array(n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) rhs[i] = out[i + c * n];
    sol(rhs);
    for (let i = 0; i < n; i++) out[i + c * n] = rhs[i];
  }
  return out;
}
