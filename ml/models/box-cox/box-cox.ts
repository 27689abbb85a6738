/**
 * The Box–Cox transform (Box & Cox 1964) as R's forecast package defines it (`BoxCox`, `InvBoxCox`), and
 * Guerrero's (1993) choice of λ as `BoxCox.lambda(x, method = "guerrero", lower = -1, upper = 2)` makes it:
 * the λ that minimises the coefficient of variation of sd/mean^(1−λ) over subseries of one season
 * (two points for non-seasonal data), found by Brent's method as R's `optimize` does.
 */
import { brentMinimize } from "../../stats/brent-minimize";

/** y = log x (λ = 0), else (sign(x)|x|^λ − 1)/λ; negative x is undefined (NaN) for λ < 0, as in R. */
export function boxCox(x: Float64Array, lambda: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (lambda < 0 && v < 0) out[i] = NaN;
    else if (lambda === 0) out[i] = Math.log(v);
    else out[i] = (Math.sign(v) * Math.pow(Math.abs(v), lambda) - 1) / lambda;
  }
  return out;
}

/**
 * The inverse: x = exp(y) (λ = 0), else sign(λy + 1)|λy + 1|^(1/λ). For λ < 0 the transform is bounded above by
 * −1/λ; values at or beyond it map to +∞ (R returns NA there; an upper interval bound that far out is
 * unbounded, and a mean that far out is reported by the caller).
 */
export function invBoxCox(y: ArrayLike<number>, lambda: number): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (lambda === 0) out[i] = Math.exp(v);
    else if (lambda < 0 && v >= -1 / lambda) out[i] = Number.POSITIVE_INFINITY;
    else {
      const z = lambda * v + 1;
      out[i] = Math.sign(z) * Math.pow(Math.abs(z), 1 / lambda);
    }
  }
  return out;
}

function mean(a: number[]): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

function sd(a: number[]): number {
  if (a.length < 2) return NaN;
  const m = mean(a);
  let s = 0;
  for (const v of a) s += (v - m) * (v - m);
  return Math.sqrt(s / (a.length - 1));
}

/** Guerrero's criterion at λ (R's `guer.cv`). */
function guerreroCv(lambda: number, x: Float64Array, period: number): number {
  const n = x.length;
  const years = Math.floor(n / period);
  const start = n - years * period;
  const ratios: number[] = [];
  for (let k = 0; k < years; k++) {
    const block: number[] = [];
    for (let j = 0; j < period; j++) {
      const v = x[start + k * period + j];
      if (Number.isFinite(v)) block.push(v);
    }
    if (block.length < 2) continue;
    const r = sd(block) / Math.pow(mean(block), 1 - lambda);
    if (Number.isFinite(r)) ratios.push(r);
  }
  if (ratios.length < 2) return NaN;
  return sd(ratios) / mean(ratios);
}

/**
 * Guerrero's λ in [lower, upper] for a strictly positive series with season `m` (≤ 1: non-seasonal, subseries of
 * two). Null when the method does not apply: a value ≤ 0, or fewer than two complete subseries.
 */
export function guerreroLambda(x: Float64Array, m: number, lower = -1, upper = 2): number | null {
  const finite = x.filter((v) => Number.isFinite(v));
  if (finite.some((v) => v <= 0)) return null;
  const period = Math.round(Math.max(2, m));
  if (Math.floor(x.length / period) < 2) return null;
  if (!Number.isFinite(guerreroCv(1, x, period))) return null;
  return brentMinimize((l) => {
    const v = guerreroCv(l, x, period);
    return Number.isFinite(v) ? v : Number.MAX_VALUE;
  }, lower, upper);
}
