/**
 * Probability that a forecast concentration exceeds each AQI category boundary, from the forecast's
 * predictive distribution as a forecast carries it: a centre (median, or the mean when no median is given)
 * and central interval bounds (e.g. 50 / 80 / 95 %), or any set of quantiles.
 *
 * The distribution: the known quantiles are knots (x_k, p_k); between knots the CDF is interpolated linearly
 * in probit space, Φ⁻¹(F(x)) linear in x, and beyond the outermost knots the outermost segment's line is
 * extended (Gaussian tails with the slope of the outer segment). That is piecewise-linear where it matters
 * (between the bounds), keeps tails instead of cutting the mass off at the 95 % bounds, and reproduces a
 * Normal exactly when the bounds are a Normal's (any two knots of a Normal lie on one probit line).
 * Bounds that cross are sorted (as quantile heads' crossings are); equal knots make a jump in the CDF; a
 * forecast whose bounds all equal its centre is a point mass.
 */
import { InvalidInputError } from "../errors";
import { normalCdf, normalQuantile } from "../stats/normal";
import { CHINA_BREAKPOINTS } from "./china-breakpoints";
import { CHINA_CATEGORIES, chinaLevel } from "./china-categories";
import { EPA_BREAKPOINTS, EPA_TRUNCATION_DECIMALS } from "./epa-breakpoints";
import { EPA_CATEGORIES, epaLevel } from "./epa-categories";
import { interpolate } from "./bands";
import type { AqiAveraging, AqiStandard, Band, Pollutant } from "./types";

/** A predictive distribution as a forecast step carries it. */
export interface PredictiveBounds {
  /** Point forecast; the distribution's median when `median` is absent. */
  mean: number;
  median?: number;
  /** Central intervals: level in percent (50, 80, 95 …) with their lower and upper bounds. */
  intervals?: { level: number; lower: number; upper: number }[];
  /** Extra quantiles: probability in (0, 1) → value. */
  quantiles?: { p: number; value: number }[];
}

/** Knots of a predictive CDF, sorted by value: F(x) jumps from pLo to pHi at x when they differ. */
export interface PredictiveCdf {
  x: number[];
  pLo: number[];
  pHi: number[];
}

const P_MIN = 1e-12;
const clampP = (p: number) => Math.min(1 - P_MIN, Math.max(P_MIN, p));

function finite(v: number, field: string): void {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new InvalidInputError(`${field} must be a finite number, got ${String(v)}`, { field });
}

/** Builds the CDF's knots from a forecast step's centre and bounds (see the module comment). */
export function predictiveCdf(d: PredictiveBounds): PredictiveCdf {
  const centre = d.median ?? d.mean;
  finite(centre, d.median === undefined ? "mean" : "median");
  const knots: { p: number; x: number }[] = [{ p: 0.5, x: centre }];
  (d.intervals ?? []).forEach((b, i) => {
    if (!(b.level > 0 && b.level < 100)) throw new InvalidInputError(`interval level must lie in (0, 100), got ${b.level}`, { field: `intervals[${i}].level` });
    finite(b.lower, `intervals[${i}].lower`);
    finite(b.upper, `intervals[${i}].upper`);
    const a = (1 - b.level / 100) / 2;
    knots.push({ p: a, x: b.lower }, { p: 1 - a, x: b.upper });
  });
  (d.quantiles ?? []).forEach((q, i) => {
    if (!(q.p > 0 && q.p < 1)) throw new InvalidInputError(`quantile probability must lie in (0, 1), got ${q.p}`, { field: `quantiles[${i}].p` });
    finite(q.value, `quantiles[${i}].value`);
    knots.push({ p: q.p, x: q.value });
  });
  // Crossing bounds: pair the sorted probabilities with the sorted values (a monotone rearrangement).
  const ps = [...new Set(knots.map((k) => k.p))].sort((a, b) => a - b);
  const byP = new Map<number, number[]>();
  for (const k of knots) byP.set(k.p, [...(byP.get(k.p) ?? []), k.x]);
  const xsPerP = ps.map((p) => {
    const xs = byP.get(p)!;
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  });
  const xs = [...xsPerP].sort((a, b) => a - b);
  const cdf: PredictiveCdf = { x: [], pLo: [], pHi: [] };
  ps.forEach((p, i) => {
    const x = xs[i];
    const last = cdf.x.length - 1;
    if (last >= 0 && cdf.x[last] === x) cdf.pHi[last] = p;
    else {
      cdf.x.push(x);
      cdf.pLo.push(p);
      cdf.pHi.push(p);
    }
  });
  return cdf;
}

/** P(X ≤ t) under the CDF (right-continuous at knots). */
export function cdfAt(cdf: PredictiveCdf, t: number): number {
  const { x, pLo, pHi } = cdf;
  const n = x.length;
  // One distinct value (all bounds equal the centre): a point mass.
  if (n === 1) return t < x[0] ? 0 : 1;
  if (t === x[0]) return pHi[0];
  const z = (k: number, side: "lo" | "hi") => normalQuantile(clampP(side === "lo" ? pLo[k] : pHi[k]));
  // normalCdf is accurate to ~1e-8: its error at the two knots is taken out (linearly across the segment,
  // constant in the tails) so F passes exactly through the knots and stays monotone across them.
  const line = (a: number, b: number) => {
    const za = z(a, "hi");
    const zb = z(b, "lo");
    const ea = pHi[a] - normalCdf(za);
    const eb = pLo[b] - normalCdf(zb);
    return (v: number) => {
      const w = (v - x[a]) / (x[b] - x[a]);
      const e = ea + (eb - ea) * w;
      // Inside a segment F lies between its knots' probabilities (normalCdf's rounding can cross them when the
      // segment is tiny: a band 1e-6 wide put F(−1e-22) above F(0)).
      return Math.min(pLo[b], Math.max(pHi[a], normalCdf(za + (zb - za) * w) + e));
    };
  };
  if (t < x[0]) {
    // Below the lowest knot: the first segment's line, anchored on that knot's lower probability.
    const zb = z(1, "lo");
    const z0 = z(0, "lo");
    const z0hi = z(0, "hi");
    const slope = (zb - z0hi) / (x[1] - x[0]);
    const e0 = pLo[0] - normalCdf(z0);
    return Math.min(1, Math.max(0, normalCdf(z0 + slope * (t - x[0])) + e0));
  }
  if (t >= x[n - 1]) {
    if (t === x[n - 1]) return pHi[n - 1];
    const za = z(n - 2, "hi");
    const zl = z(n - 1, "lo");
    const zh = z(n - 1, "hi");
    const slope = (zl - za) / (x[n - 1] - x[n - 2]);
    const e1 = pHi[n - 1] - normalCdf(zh);
    return Math.min(1, Math.max(0, normalCdf(zh + slope * (t - x[n - 1])) + e1));
  }
  let k = 0;
  while (x[k + 1] <= t) k++;
  if (t === x[k]) return pHi[k];
  return line(k, k + 1)(t);
}

/** P(X > t). */
export function exceedanceProbability(d: PredictiveBounds | PredictiveCdf, t: number): number {
  finite(t, "threshold");
  const cdf = "x" in d ? d : predictiveCdf(d);
  return 1 - cdfAt(cdf, t);
}

/** The q-quantile of the CDF (inverse of cdfAt; q in (0, 1)). */
export function quantileAt(cdf: PredictiveCdf, q: number): number {
  const { x, pLo, pHi } = cdf;
  const n = x.length;
  if (n === 1) return x[0];
  const zq = normalQuantile(clampP(q));
  const inv = (a: number, b: number) => {
    const za = normalQuantile(clampP(pHi[a]));
    const zb = normalQuantile(clampP(pLo[b]));
    return x[a] + ((zq - za) * (x[b] - x[a])) / (zb - za);
  };
  for (let k = 0; k < n; k++) if (q >= pLo[k] && q <= pHi[k]) return x[k];
  // Tails: the outer segment's slope from the outermost knot (as cdfAt extends them).
  const zAt = (p: number) => normalQuantile(clampP(p));
  if (q < pLo[0]) return x[0] + ((zq - zAt(pLo[0])) * (x[1] - x[0])) / (zAt(pLo[1]) - zAt(pHi[0]));
  if (q > pHi[n - 1]) return x[n - 1] + ((zq - zAt(pHi[n - 1])) * (x[n - 1] - x[n - 2])) / (zAt(pLo[n - 1]) - zAt(pHi[n - 2]));
  let k = 0;
  while (pLo[k + 1] < q) k++;
  return inv(k, k + 1);
}

export interface CategoryBoundary {
  /** The category this boundary leads into (2 = the second category …). */
  level: number;
  /** AQI at the top of the category below. */
  aqi: number;
  /** Concentration (the standard's unit) at the top of the category below: exceeding it enters `level`. */
  concentration: number;
  /** P(concentration > boundary). */
  probability: number;
}

export interface ExceedanceResult {
  standard: AqiStandard;
  pollutant: Pollutant;
  averaging: AqiAveraging;
  /** Median concentration (the distribution's 0.5 quantile) and its (unrounded, floored at 0) sub-index. */
  medianConcentration: number;
  medianAqi: number | null;
  /** Category of the median (1–6); null when the table does not cover it (e.g. 8-h O3 above 0.200 ppm). */
  medianLevel: number | null;
  /** One entry per boundary the table defines, lowest first; probabilities are non-increasing. */
  boundaries: CategoryBoundary[];
  /** P(category = level), levels 1..6 in order; sums to 1 over the levels the table covers. */
  categoryProbabilities: { level: number; probability: number }[];
}

/** The breakpoint table of a pollutant and averaging period in a standard; throws when there is none. */
export function bandsFor(standard: AqiStandard, pollutant: Pollutant, averaging: AqiAveraging): Band[] {
  const t = standard === "epa" ? EPA_BREAKPOINTS[pollutant]?.[averaging] : CHINA_BREAKPOINTS[pollutant]?.[averaging];
  if (!t) throw new InvalidInputError(`${standard} defines no ${averaging} table for ${pollutant}`, { field: "averaging" });
  return t;
}

/**
 * P(exceed) for every category boundary of `pollutant`'s `averaging` table in `standard`, the category of
 * the median, and the probability of each category. Concentrations in the standard's units (EPA: ppb for
 * NO2; China: µg/m³; convert with ./units.ts).
 */
export function categoryExceedance(d: PredictiveBounds, standard: AqiStandard, pollutant: Pollutant, averaging: AqiAveraging): ExceedanceResult {
  const bands = bandsFor(standard, pollutant, averaging);
  const cdf = predictiveCdf(d);
  const cats = standard === "epa" ? EPA_CATEGORIES : CHINA_CATEGORIES;
  const boundaries: CategoryBoundary[] = [];
  for (const c of cats.slice(0, -1)) {
    const band = bands.find((b) => b.iHi === c.aqiHi);
    if (!band) continue;
    boundaries.push({ level: c.level + 1, aqi: c.aqiHi, concentration: band.cHi, probability: 1 - cdfAt(cdf, band.cHi) });
  }
  const lowest = bands[0];
  const top = bands[bands.length - 1];
  // Below the table's first band (EPA 1-h O3 starts at 0.125 ppm): the category of the table's floor.
  const firstLevel = boundaries.length ? boundaries[0].level - 1 : (standard === "epa" ? epaLevel(lowest.iLo + 1) : chinaLevel(lowest.iLo + 1));
  // P(category k) = P(above the boundary into k) − P(above the boundary into k + 1).
  const levels = [firstLevel, ...boundaries.map((b) => b.level)];
  const above = [1, ...boundaries.map((b) => b.probability), 0];
  const categoryProbabilities = levels.map((level, i) => ({ level, probability: Math.max(0, above[i] - above[i + 1]) }));
  const medianConcentration = Math.max(0, quantileAt(cdf, 0.5));
  const truncated = standard === "epa" ? Math.floor(medianConcentration * 10 ** EPA_TRUNCATION_DECIMALS[pollutant]) / 10 ** EPA_TRUNCATION_DECIMALS[pollutant] : medianConcentration;
  const medianAqi: number | null = truncated > top.cHi ? top.iHi : interpolate(bands, truncated);
  const medianLevel = medianAqi === null ? null : standard === "epa" ? epaLevel(Math.round(medianAqi)) : chinaLevel(Math.ceil(medianAqi));
  return { standard, pollutant, averaging, medianConcentration, medianAqi, medianLevel, boundaries, categoryProbabilities };
}
