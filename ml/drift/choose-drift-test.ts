/**
 * Evidently's default drift test for one column (`get_default_stattest` in evidently's stattests registry),
 * with the categorical tests it needs beside ./drift-statistics.ts:
 *
 * | reference size | numerical with > 5 distinct values | categorical, or ≤ 5 distinct values |
 * | --- | --- | --- |
 * | ≤ 1,000 | Kolmogorov–Smirnov, drift when p < 0.05 | chi-squared (p < 0.05); Z-test of proportions for two values |
 * | > 1,000 | normed Wasserstein, drift when ≥ 0.1 | Jensen–Shannon distance, drift when ≥ 0.1 |
 *
 * Distinct values are counted over both samples together, as Evidently does. The chi-squared test is scipy's
 * `chisquare(f_obs = current counts, f_exp = reference counts × n_current / n_reference)` over the categories
 * of both samples (a category the reference never had gives p = 0). Pure.
 */
import { InvalidInputError } from "../errors";
import { normalCdf } from "../stats/normal";
import { logGamma } from "../stats/student-t";
import { ksTwoSample, normedWasserstein } from "./drift-statistics";

export type ColumnType = "numerical" | "categorical";
export type DriftStatisticName = "ks" | "chi_squared" | "z" | "wasserstein" | "jensen_shannon";

export interface ColumnDrift {
  statistic: DriftStatisticName;
  /** The test's value: a p-value for ks / chi_squared / z, a distance for the others. */
  value: number;
  /** The test statistic itself (KS D, χ², z) for p-value tests. */
  score?: number;
  threshold: number;
  /** p-value tests drift below the threshold, distances at or above it. */
  drift: boolean;
  referenceSize: number;
  currentSize: number;
}

export const SMALL_SAMPLE_MAX = 1000;
const FEW_VALUES = 5;

/** Regularised upper incomplete gamma Q(a, x) (series below a + 1, continued fraction above: Numerical Recipes 6.2). */
export function upperIncompleteGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  if (!Number.isFinite(x)) return 0;
  const lnPre = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(lnPre));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(lnPre) * h);
}

/** P(χ²_df > x). */
export function chiSquaredSurvival(x: number, df: number): number {
  return upperIncompleteGamma(df / 2, x / 2);
}

const key = (v: number | string) => (typeof v === "number" ? `n:${v}` : `s:${v}`);
function counts(x: ArrayLike<number | string>): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v === "number" && !Number.isFinite(v)) continue;
    out.set(key(v), (out.get(key(v)) ?? 0) + 1);
  }
  return out;
}
const total = (c: Map<string, number>) => [...c.values()].reduce((s, n) => s + n, 0);

export interface ChiSquaredResult {
  statistic: number;
  pValue: number;
  df: number;
}

/** Evidently's chi_stat_test: the current counts against the reference's, scaled to the current sample's size. */
export function chiSquaredTest(reference: ArrayLike<number | string>, current: ArrayLike<number | string>): ChiSquaredResult {
  const ref = counts(reference);
  const cur = counts(current);
  const [n, m] = [total(ref), total(cur)];
  if (n === 0) throw new InvalidInputError("reference has no values", { field: "reference" });
  if (m === 0) throw new InvalidInputError("current has no values", { field: "current" });
  const keys = new Set([...ref.keys(), ...cur.keys()]);
  let stat = 0;
  for (const k of keys) {
    const expected = ((ref.get(k) ?? 0) * m) / n;
    const observed = cur.get(k) ?? 0;
    if (expected === 0) {
      if (observed > 0) stat = Infinity;
      continue;
    }
    stat += (observed - expected) ** 2 / expected;
  }
  const df = Math.max(1, keys.size - 1);
  return { statistic: stat, pValue: keys.size < 2 ? 1 : chiSquaredSurvival(stat, df), df };
}

/** Evidently's z_stat_test for a two-valued column: the share of the first value in each sample, pooled two-sided z-test. */
export function proportionZTest(reference: ArrayLike<number | string>, current: ArrayLike<number | string>): { statistic: number; pValue: number } {
  const ref = counts(reference);
  const cur = counts(current);
  const [n, m] = [total(ref), total(cur)];
  const first = [...new Set([...ref.keys(), ...cur.keys()])].sort()[0];
  const p1 = (ref.get(first) ?? 0) / n;
  const p2 = (cur.get(first) ?? 0) / m;
  const pooled = (p1 * n + p2 * m) / (n + m);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / m));
  if (!(se > 0)) return { statistic: 0, pValue: 1 };
  const z = (p1 - p2) / se;
  return { statistic: z, pValue: 2 * (1 - normalCdf(Math.abs(z))) };
}

/** Jensen–Shannon distance (base 2) between the category shares of two samples. */
export function categoricalJensenShannon(reference: ArrayLike<number | string>, current: ArrayLike<number | string>): number {
  const ref = counts(reference);
  const cur = counts(current);
  const [n, m] = [total(ref), total(cur)];
  let js = 0;
  for (const k of new Set([...ref.keys(), ...cur.keys()])) {
    const p = (ref.get(k) ?? 0) / n;
    const q = (cur.get(k) ?? 0) / m;
    const mid = (p + q) / 2;
    if (p > 0) js += 0.5 * p * Math.log2(p / mid);
    if (q > 0) js += 0.5 * q * Math.log2(q / mid);
  }
  return Math.sqrt(Math.max(0, js));
}

/** Which test Evidently's default runs on these samples. */
export function chooseDriftStatistic(type: ColumnType, referenceSize: number, distinctValues: number): DriftStatisticName {
  const numerical = type === "numerical" && distinctValues > FEW_VALUES;
  if (referenceSize <= SMALL_SAMPLE_MAX) return numerical ? "ks" : distinctValues > 2 ? "chi_squared" : "z";
  return numerical ? "wasserstein" : "jensen_shannon";
}

/** Evidently's default drift test of one column (see the table above). NaNs are ignored; an empty sample is refused by name. */
export function columnDrift(type: ColumnType, reference: ArrayLike<number | string>, current: ArrayLike<number | string>): ColumnDrift {
  const ref = counts(reference);
  const cur = counts(current);
  const [n, m] = [total(ref), total(cur)];
  if (n === 0) throw new InvalidInputError("reference has no values", { field: "reference" });
  if (m === 0) throw new InvalidInputError("current has no values", { field: "current" });
  const distinct = new Set([...ref.keys(), ...cur.keys()]).size;
  const statistic = chooseDriftStatistic(type, n, distinct);
  const sizes = { referenceSize: n, currentSize: m };
  const numbers = (x: ArrayLike<number | string>) => Array.from(x as ArrayLike<number>).filter((v) => typeof v === "number" && Number.isFinite(v));
  switch (statistic) {
    case "ks": {
      const ks = ksTwoSample(numbers(reference), numbers(current));
      return { statistic, value: ks.pValue, score: ks.statistic, threshold: 0.05, drift: ks.pValue < 0.05, ...sizes };
    }
    case "chi_squared": {
      const chi = chiSquaredTest(reference, current);
      return { statistic, value: chi.pValue, score: chi.statistic, threshold: 0.05, drift: chi.pValue < 0.05, ...sizes };
    }
    case "z": {
      const z = proportionZTest(reference, current);
      return { statistic, value: z.pValue, score: z.statistic, threshold: 0.05, drift: z.pValue < 0.05, ...sizes };
    }
    case "wasserstein": {
      const w = normedWasserstein(numbers(reference), numbers(current));
      return { statistic, value: w, threshold: 0.1, drift: w >= 0.1, ...sizes };
    }
    case "jensen_shannon": {
      // Reached only for categorical or few-valued columns: the shares per value are the histogram.
      const js = categoricalJensenShannon(reference, current);
      return { statistic, value: js, threshold: 0.1, drift: js >= 0.1, ...sizes };
    }
  }
}
