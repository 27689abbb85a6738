import { quantileSorted, sortedFinite } from "../stats/quantile";
import { zForLevel } from "../stats/normal";

/**
 * Robust one-step-ahead baselines for anomaly checks where no trained model applies, ranked by their median
 * absolute residual on the reference readings:
 *   - last value:                       x[t-1]
 *   - seasonal naive with level:        x[t-m] + median_{j=1..w}(x[t-j] − x[t-j-m])
 *   - last value plus seasonal step:    x[t-1] + (x[t-m] − x[t-m-1])
 * for each season m. Medians and MADs keep one bad reading from moving it.
 */
export type BaselineRule = { kind: "last" } | { kind: "seasonal-level"; season: number } | { kind: "seasonal-step"; season: number };

const LEVEL_WINDOW = 5;

export function baselineLag(rule: BaselineRule): number {
  if (rule.kind === "last") return 1;
  return rule.kind === "seasonal-level" ? rule.season + LEVEL_WINDOW : rule.season + 1;
}

/** The rule's one-step expectation for slot t from (cleaned) values x; NaN when a needed value is missing. */
export function expectAt(rule: BaselineRule, x: ArrayLike<number>, t: number): number {
  if (t - baselineLag(rule) < 0) return NaN;
  if (rule.kind === "last") return x[t - 1];
  const m = rule.season;
  if (rule.kind === "seasonal-step") return x[t - 1] + (x[t - m] - x[t - m - 1]);
  const d = new Float64Array(LEVEL_WINDOW);
  for (let j = 1; j <= LEVEL_WINDOW; j++) d[j - 1] = x[t - j] - x[t - j - m];
  for (let j = 0; j < LEVEL_WINDOW; j++) if (!Number.isFinite(d[j])) return NaN;
  d.sort();
  return x[t - m] + d[LEVEL_WINDOW >> 1];
}

/** Residuals y − expectation over slots [from, to) of raw values y (NaN where no expectation). */
export function baselineResiduals(rule: BaselineRule, y: ArrayLike<number>, from: number, to: number): Float64Array {
  const out = new Float64Array(Math.max(0, to - from)).fill(NaN);
  for (let t = from; t < to; t++) out[t - from] = y[t] - expectAt(rule, y, t);
  return out;
}

function mad(residuals: Float64Array): { mad: number; n: number } {
  const abs = sortedFinite(residuals.map(Math.abs));
  return { mad: quantileSorted(abs, 0.5), n: abs.length };
}

/**
 * The rules ranked by their median absolute residual on y[from, to), best first; rules with fewer than 20
 * residuals there are left out (the last-value rule always stays, as the fallback).
 */
export function rankBaselines(y: ArrayLike<number>, seasons: number[], from: number, to: number): BaselineRule[] {
  const rules: BaselineRule[] = [{ kind: "last" }];
  for (const m of seasons) {
    if (!Number.isInteger(m) || m < 2) continue;
    rules.push({ kind: "seasonal-level", season: m }, { kind: "seasonal-step", season: m });
  }
  const scored = rules.map((rule) => ({ rule, ...mad(baselineResiduals(rule, y, Math.max(from, baselineLag(rule)), to)) }));
  return scored
    .filter((r) => r.n >= 20 || r.rule.kind === "last")
    .sort((a, b) => (Number.isFinite(a.mad) ? a.mad : Infinity) - (Number.isFinite(b.mad) ? b.mad : Infinity))
    .map((r) => r.rule);
}

/**
 * Half-width of the central `levelPct` % interval of residuals: the empirical quantile of |residual| where the
 * sample holds at least 10 points beyond it, else the 99 % quantile (or 1.4826·MAD) stretched by the normal
 * ratio of z-values, so that a 99.9 % interval from a few hundred residuals stays honest in heavy tails.
 */
export function residualHalfWidth(residuals: Float64Array, levelPct: number): number {
  const abs = sortedFinite(residuals.map(Math.abs));
  const n = abs.length;
  if (n === 0) return NaN;
  const p = levelPct / 100;
  if (n * (1 - p) >= 10) return quantileSorted(abs, p);
  const robust = 1.4826 * quantileSorted(abs, 0.5) * zForLevel(levelPct);
  if (n * 0.01 >= 5) return Math.max(robust, quantileSorted(abs, 0.99) * (zForLevel(levelPct) / zForLevel(99)));
  return robust;
}
