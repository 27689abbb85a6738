import { seasonalScale } from "./scale";

/**
 * Probabilistic accuracy: quantile (pinball) loss, CRPS from a set of quantiles, interval coverage,
 * Winkler score and the M4 mean scaled interval score (MSIS). NaN steps are skipped.
 */
type Arr = ArrayLike<number>;

/** Pinball loss of quantile `tau` (Koenker & Bassett 1978): mean of max(τ·e, (τ−1)·e), e = y − q. */
export function pinballLoss(actual: Arr, quantile: Arr, tau: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < actual.length; i++) {
    const e = actual[i] - quantile[i];
    if (!Number.isFinite(e)) continue;
    s += e >= 0 ? tau * e : (tau - 1) * e;
    c++;
  }
  return c ? s / c : NaN;
}

/**
 * CRPS approximated from quantiles: CRPS = 2∫₀¹ pinball_τ dτ (Gneiting & Raftery 2007), estimated
 * by the average pinball loss over the given quantile levels times 2. Exact in the limit of a dense,
 * evenly spaced grid of levels (e.g. 0.05, 0.10, …, 0.95).
 */
export function crpsFromQuantiles(actual: Arr, quantiles: Map<number, Arr>): number {
  if (quantiles.size === 0) return NaN;
  let s = 0;
  for (const [tau, q] of quantiles) s += pinballLoss(actual, q, tau);
  return (2 * s) / quantiles.size;
}

/** Share of actuals inside [lower, upper] (inclusive). */
export function coverage(actual: Arr, lower: Arr, upper: Arr): number {
  let inside = 0;
  let c = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    if (!Number.isFinite(y)) continue;
    if (y >= lower[i] && y <= upper[i]) inside++;
    c++;
  }
  return c ? inside / c : NaN;
}

/**
 * Mean Winkler (interval) score for a central (1 − alpha) interval (Winkler 1972):
 * width + (2/α)(L − y) when y < L, + (2/α)(y − U) when y > U. `levelPct` is e.g. 95.
 */
export function winklerScore(actual: Arr, lower: Arr, upper: Arr, levelPct: number): number {
  const alpha = 1 - levelPct / 100;
  let s = 0;
  let c = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i];
    if (!Number.isFinite(y)) continue;
    const L = lower[i];
    const U = upper[i];
    let w = U - L;
    if (y < L) w += (2 / alpha) * (L - y);
    if (y > U) w += (2 / alpha) * (y - U);
    s += w;
    c++;
  }
  return c ? s / c : NaN;
}

/**
 * Mean scaled interval score as defined for M4 (Makridakis et al. 2018): the mean Winkler score
 * divided by the in-sample seasonal-naive scale (the MASE denominator). M4 evaluates it at 95 %.
 */
export function msis(actual: Arr, lower: Arr, upper: Arr, train: Arr, seasonLength: number, levelPct = 95): number {
  return winklerScore(actual, lower, upper, levelPct) / seasonalScale(train, seasonLength);
}
