/**
 * Diebold–Mariano test of equal predictive accuracy (Diebold & Mariano 1995) with the small-sample
 * correction of Harvey, Leybourne & Newbold (1997), computed as R's `forecast::dm.test` does:
 *   d_t = |e1_t|^power − |e2_t|^power,
 *   γ_k = (1/n) Σ_{t=1}^{n−k} (d_t − d̄)(d_{t+k} − d̄)   (R `acf(type = "covariance")`), k = 0..h−1,
 *   V = (γ_0 + 2 Σ_{k≥1} w_k γ_k) / n, w_k = 1 ("acf") or 1 − k/h ("bartlett"),
 *   DM = d̄ / √V · √((n + 1 − 2h + h(h − 1)/n) / n), referred to Student's t with n − 1 degrees of freedom.
 * As in R, a non-positive V with h > 1 falls back to h = 1 (`usedHorizon` says so) and a zero V at h = 1 is an
 * error: the two forecasts' losses differ by a constant, so there is no variance to test against.
 * "less": the alternative is that forecast 1 is more accurate (smaller loss); "greater": less accurate.
 */
import { InvalidInputError } from "../errors";
import { studentTCdf } from "./student-t";

export type DmAlternative = "two.sided" | "less" | "greater";

export interface DieboldMarianoOptions {
  alternative?: DmAlternative;
  /** Forecast horizon: autocovariances of the loss differential up to lag h − 1 enter the variance. */
  h?: number;
  /** Loss power: 1 = absolute error, 2 = squared error. */
  power?: 1 | 2;
  varEstimator?: "acf" | "bartlett";
}

export interface DieboldMarianoResult {
  /** HLN-corrected DM statistic. */
  statistic: number;
  pValue: number;
  alternative: DmAlternative;
  /** Horizon the statistic was computed with (1 after R's fallback from a non-positive variance at h > 1). */
  usedHorizon: number;
  requestedHorizon: number;
  power: 1 | 2;
  n: number;
  df: number;
  /** Mean loss differential d̄ (negative: forecast 1 has the smaller loss). */
  meanDifferential: number;
}

export class DegenerateDmTestError extends InvalidInputError {
  constructor() {
    super("Diebold–Mariano: the variance of the loss differential is zero (the two forecasts' losses differ by a constant)", {
      field: "e1",
    });
    this.name = "DegenerateDmTestError";
  }
}

function checkErrors(e: ArrayLike<number>, field: string): void {
  for (let i = 0; i < e.length; i++) {
    if (!Number.isFinite(e[i])) throw new InvalidInputError(`${field} must be finite, got ${e[i]}`, { field, row: i });
  }
}

export function dieboldMariano(e1: ArrayLike<number>, e2: ArrayLike<number>, opts: DieboldMarianoOptions = {}): DieboldMarianoResult {
  const alternative = opts.alternative ?? "two.sided";
  const h = opts.h ?? 1;
  const power = opts.power ?? 2;
  const varEstimator = opts.varEstimator ?? "acf";
  if (!["two.sided", "less", "greater"].includes(alternative)) {
    throw new InvalidInputError(`alternative must be two.sided, less or greater, got ${String(alternative)}`, { field: "alternative" });
  }
  if (power !== 1 && power !== 2) throw new InvalidInputError(`power must be 1 or 2, got ${String(power)}`, { field: "power" });
  if (varEstimator !== "acf" && varEstimator !== "bartlett") {
    throw new InvalidInputError(`varEstimator must be acf or bartlett, got ${String(varEstimator)}`, { field: "varEstimator" });
  }
  if (e1.length !== e2.length) throw new InvalidInputError(`e1 has ${e1.length} errors, e2 has ${e2.length}`, { field: "e2" });
  const n = e1.length;
  if (n < 2) throw new InvalidInputError(`at least 2 paired errors are needed, got ${n}`, { field: "e1" });
  if (!Number.isInteger(h) || h < 1 || h >= n) throw new InvalidInputError(`h must be an integer in [1, ${n - 1}], got ${h}`, { field: "h" });
  checkErrors(e1, "e1");
  checkErrors(e2, "e2");

  const d = new Float64Array(n);
  let sum = 0;
  for (let t = 0; t < n; t++) {
    d[t] = power === 1 ? Math.abs(e1[t]) - Math.abs(e2[t]) : e1[t] * e1[t] - e2[t] * e2[t];
    sum += d[t];
  }
  const mean = sum / n;
  const autocov = (k: number): number => {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += (d[t] - mean) * (d[t + k] - mean);
    return s / n;
  };
  const withHorizon = (hh: number): DieboldMarianoResult | null => {
    let v = autocov(0);
    for (let k = 1; k < hh; k++) v += 2 * (varEstimator === "acf" ? 1 : 1 - k / hh) * autocov(k);
    v /= n;
    if (!(v > 0)) {
      if (hh === 1) throw new DegenerateDmTestError();
      return null;
    }
    const hln = Math.sqrt((n + 1 - 2 * hh + (hh / n) * (hh - 1)) / n);
    const statistic = (mean / Math.sqrt(v)) * hln;
    const df = n - 1;
    const pValue =
      alternative === "two.sided"
        ? 2 * studentTCdf(-Math.abs(statistic), df)
        : alternative === "less"
          ? studentTCdf(statistic, df)
          : studentTCdf(-statistic, df);
    return { statistic, pValue, alternative, usedHorizon: hh, requestedHorizon: h, power, n, df, meanDifferential: mean };
  };
  return withHorizon(h) ?? withHorizon(1)!;
}
