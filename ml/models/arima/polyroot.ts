/**
 * Complex roots of real polynomials, for the stationarity / invertibility checks of ARIMA fits
 * (R's `polyroot` in `arCheck`, `maInvert` and forecast's `myarima`). Aberth–Ehrlich simultaneous
 * iteration; the polynomials here are short (degree ≤ p + m·P) and well scaled (constant term 1).
 */

/** Roots of c[0] + c[1] z + … + c[n] z^n as [re[], im[]]; trailing zero coefficients are dropped. */
export function polyroots(coefs: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  let n = coefs.length - 1;
  while (n > 0 && coefs[n] === 0) n--;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  if (n === 0) return { re, im };
  // monic coefficients a[k] for z^k, k = 0..n
  const a = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) a[k] = coefs[k] / coefs[n];
  if (n === 1) {
    re[0] = -a[0];
    return { re, im };
  }
  // Initial guesses on a circle of the Cauchy-bound-like radius, rotated off the real axis.
  let radius = 0;
  for (let k = 0; k < n; k++) radius = Math.max(radius, Math.pow(Math.abs(a[k]), 1 / (n - k)));
  radius = Math.max(radius, 1e-3);
  for (let k = 0; k < n; k++) {
    const ang = (2 * Math.PI * k) / n + 0.4;
    re[k] = radius * Math.cos(ang);
    im[k] = radius * Math.sin(ang);
  }
  for (let iter = 0; iter < 500; iter++) {
    let maxStep = 0;
    for (let i = 0; i < n; i++) {
      // p(z) and p'(z) by Horner
      const zr = re[i];
      const zi = im[i];
      let pr = 1;
      let pi = 0;
      let dr = 0;
      let di = 0;
      for (let k = n - 1; k >= 0; k--) {
        const ndr = dr * zr - di * zi + pr;
        const ndi = dr * zi + di * zr + pi;
        dr = ndr;
        di = ndi;
        const npr = pr * zr - pi * zi + a[k];
        const npi = pr * zi + pi * zr;
        pr = npr;
        pi = npi;
      }
      // ratio = p/p'
      const dd = dr * dr + di * di;
      if (dd === 0) continue;
      const rr = (pr * dr + pi * di) / dd;
      const ri = (pi * dr - pr * di) / dd;
      // sum 1/(z_i - z_j)
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const xr = zr - re[j];
        const xi = zi - im[j];
        const xx = xr * xr + xi * xi;
        if (xx === 0) continue;
        sr += xr / xx;
        si += -xi / xx;
      }
      // w = ratio / (1 - ratio * s)
      const denr = 1 - (rr * sr - ri * si);
      const deni = -(rr * si + ri * sr);
      const den = denr * denr + deni * deni;
      if (den === 0) continue;
      const wr = (rr * denr + ri * deni) / den;
      const wi = (ri * denr - rr * deni) / den;
      re[i] = zr - wr;
      im[i] = zi - wi;
      const step = Math.hypot(wr, wi) / Math.max(1, Math.hypot(re[i], im[i]));
      if (step > maxStep) maxStep = step;
    }
    if (maxStep < 1e-15) break;
  }
  return { re, im };
}

/** Smallest root modulus of c[0] + c[1] z + …, or Infinity for a constant polynomial. */
export function minRootModulus(coefs: ArrayLike<number>): number {
  const { re, im } = polyroots(coefs);
  let m = Infinity;
  for (let i = 0; i < re.length; i++) m = Math.min(m, Math.hypot(re[i], im[i]));
  return m;
}

/** R's arCheck: every root of 1 − φ₁z − … − φ_p z^p lies outside the unit circle. */
export function arStationary(ar: ArrayLike<number>): boolean {
  let p = ar.length;
  while (p > 0 && ar[p - 1] === 0) p--;
  if (p === 0) return true;
  const c = new Float64Array(p + 1);
  c[0] = 1;
  for (let i = 0; i < p; i++) c[i + 1] = -ar[i];
  return minRootModulus(c) > 1;
}

/** R's maInvert: reflect the roots of 1 + θ₁z + … inside the unit circle to make the MA invertible. */
export function maInvert(ma: Float64Array): Float64Array {
  const q = ma.length;
  let q0 = q;
  while (q0 > 0 && ma[q0 - 1] === 0) q0--;
  if (q0 === 0) return ma;
  const c = new Float64Array(q0 + 1);
  c[0] = 1;
  for (let i = 0; i < q0; i++) c[i + 1] = ma[i];
  const { re, im } = polyroots(c);
  let any = false;
  for (let i = 0; i < q0; i++) if (Math.hypot(re[i], im[i]) < 1) any = true;
  if (!any) return ma;
  const out = new Float64Array(q);
  if (q0 === 1) {
    out[0] = 1 / ma[0];
    return out;
  }
  for (let i = 0; i < q0; i++) {
    const mod2 = re[i] * re[i] + im[i] * im[i];
    if (mod2 < 1) {
      re[i] = re[i] / mod2;
      im[i] = -im[i] / mod2;
    }
  }
  // x <- 1; for (r in roots) x <- c(x, 0) - c(0, x)/r  (complex arithmetic)
  let xr = new Float64Array([1]);
  let xi = new Float64Array([0]);
  for (let k = 0; k < q0; k++) {
    const d = re[k] * re[k] + im[k] * im[k];
    const invr = re[k] / d;
    const invi = -im[k] / d;
    const nr = new Float64Array(xr.length + 1);
    const ni = new Float64Array(xr.length + 1);
    for (let j = 0; j < xr.length; j++) {
      nr[j] += xr[j];
      ni[j] += xi[j];
      nr[j + 1] -= xr[j] * invr - xi[j] * invi;
      ni[j + 1] -= xr[j] * invi + xi[j] * invr;
    }
    xr = nr;
    xi = ni;
  }
  for (let i = 0; i < q0; i++) out[i] = xr[i + 1];
  return out;
}
