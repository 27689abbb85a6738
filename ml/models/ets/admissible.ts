/**
 * Parameter checks of forecast 8.20 (`check.param`, the C++ `EtsTargetFunction::admissible`) for
 * bounds = "both": the usual region (lower ≤ α ≤ upper, β ≤ α, γ ≤ 1 − α, φ in its box) and the
 * admissible (forecastable) region of Hyndman et al. (2008, ch. 10). R finds the roots of the
 * seasonal characteristic polynomial with cpolyroot and rejects a modulus above 1 + 1e-10; we ask
 * the same question without roots: the Schur–Cohn test on p(r·z), r = 1 + 1e-10, says whether
 * every root of p lies within radius r.
 *
 * Without trend and damping z = 1 is an exact root. R's polyroot returns it with an error of about
 * 1e-11 and, when another root lies close (tiny α and γ), now and then above 1e-10, so R rejects
 * some admissible points there; we divide the root out and accept them. That is where our
 * optimum can differ from R's: on M1 once in 1,001 series (QNB17, ETS(M,N,M): log-likelihood
 * 0.68 lower than R's, a different local optimum; the model chosen is still R's).
 */

export interface Bounds {
  lower: [number, number, number, number];
  upper: [number, number, number, number];
}

export const DEFAULT_BOUNDS: Bounds = { lower: [1e-4, 1e-4, 1e-4, 0.8], upper: [0.9999, 0.9999, 0.9999, 0.98] };

/** Which smoothing parameters a model has (β with a trend, γ with a season, φ when damped). */
export interface ParamFlags {
  beta: boolean;
  gamma: boolean;
  phi: boolean;
}

// Scratch buffers reused across calls (the optimiser checks admissibility at every evaluation).
let bufA = new Float64Array(32);
let bufB = new Float64Array(32);
let bufC = new Float64Array(32);

/** All roots of Σ c_k z^(d−k) (c[0] leading) within |z| ≤ radius (c.length − 1 = degree). */
export function rootsWithin(c: ArrayLike<number>, radius: number, len: number = c.length): boolean {
  const d = len - 1;
  if (bufA.length < d + 1) {
    bufA = new Float64Array(2 * (d + 1));
    bufB = new Float64Array(2 * (d + 1));
  }
  // a[k] = coefficient of z^k of p(radius·z)
  let a = bufA;
  let next = bufB;
  let rk = 1;
  for (let k = 0; k <= d; k++) {
    a[k] = c[d - k] * rk;
    rk *= radius;
  }
  let deg = d;
  while (deg > 0) {
    const lead = a[deg];
    const c0 = a[0];
    if (!(Math.abs(lead) > Math.abs(c0))) return false;
    for (let j = 0; j < deg; j++) next[j] = (lead * a[j + 1] - c0 * a[deg - 1 - j]) / lead;
    const t = a;
    a = next;
    next = t;
    deg--;
  }
  return true;
}

export function admissible(alpha: number, beta: number, gamma: number, phi: number, m: number, f: ParamFlags): boolean {
  if (!f.phi) phi = 1;
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (!f.gamma) {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (f.beta && (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha))) return false;
  } else if (m > 1) {
    if (!f.beta) beta = 0;
    const d = 1 - 1 / phi - alpha;
    if (gamma < (d > 0 ? d : 0) || gamma > 1 + 1 / phi - alpha) return false;
    if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
    if (beta < -(1 - phi) * (gamma / m + alpha)) return false;
    if (bufC.length < m + 2) bufC = new Float64Array(2 * (m + 2));
    const c = bufC;
    c[0] = 1;
    c[1] = alpha + beta - phi;
    for (let i = 0; i < m - 2; i++) c[2 + i] = alpha + beta - alpha * phi;
    c[m] = alpha + beta - alpha * phi + gamma - 1;
    c[m + 1] = phi * (1 - alpha - gamma);
    let len = m + 2;
    if (phi === 1 && beta === 0) {
      // Without trend and damping z = 1 is an exact root (p(1) = m·β = 0). R's polyroot returns it with an
      // error near 1e-11 that the 1 + 1e-10 tolerance absorbs; divide it out exactly instead of
      // asking the Schur–Cohn recursion to resolve a root 1e-10 inside its circle.
      for (let i = 1; i < len - 1; i++) c[i] += c[i - 1];
      len--;
    }
    if (!rootsWithin(c, 1 + 1e-10, len)) return false;
  }
  return true;
}

/** check.param with bounds = "both". */
export function checkParams(
  alpha: number,
  beta: number,
  gamma: number,
  phi: number,
  m: number,
  f: ParamFlags,
  b: Bounds = DEFAULT_BOUNDS,
): boolean {
  if (alpha < b.lower[0] || alpha > b.upper[0]) return false;
  if (f.beta && (beta < b.lower[1] || beta > alpha || beta > b.upper[1])) return false;
  if (f.phi && (phi < b.lower[3] || phi > b.upper[3])) return false;
  if (f.gamma && (gamma < b.lower[2] || gamma > 1 - alpha || gamma > b.upper[2])) return false;
  return admissible(alpha, beta, gamma, phi, m, f);
}
