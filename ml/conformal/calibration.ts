/**
 * Split-conformal interval calibration (Vovk et al. 2005; Lei et al. 2018) from the backtest residuals.
 * Scores are |y − ŷ| divided by the fold's in-sample seasonal scale, so one calibration serves the series at
 * any level; a step with too few scores borrows from neighbouring steps (ml/conformal/quantile.ts).
 * Serving: half-width at step h = halfWidths[level][h] × the series' current seasonal scale.
 */
import { stepQuantiles } from "@/ml/conformal/quantile";
import { seasonalScale } from "@/ml/metrics/scale";

export interface Calibration {
  method: "split-conformal-scaled";
  /** Season length the scale is computed with (the shortest season). */
  scaleSeasonLength: number;
  /** Scores per step used (after pooling). */
  scoresPerStep: number;
  /** Level (percent, as a string key) → scaled half-width per horizon step. */
  halfWidths: Record<string, number[]>;
}

export function calibrateIntervals(scoresByStep: number[][], levels: number[], scaleSeasonLength: number): Calibration {
  const byStep = scoresByStep.map((s) => Float64Array.from(s));
  const halfWidths: Record<string, number[]> = {};
  for (const level of levels) {
    // An infinite quantile (too few scores even after pooling) is stored as null in JSON; keep it explicit.
    halfWidths[String(level)] = Array.from(stepQuantiles(byStep, 1 - level / 100));
  }
  return { method: "split-conformal-scaled", scaleSeasonLength, scoresPerStep: byStep[0]?.length ?? 0, halfWidths };
}

/**
 * The scale half-widths are multiplied by at serving time: the series' in-sample seasonal-naive MAE (the
 * same denominator the backtest divided residuals by), falling back to the lag-1 scale and then to a small
 * fraction of the mean level for flat series, so a constant series still gets a finite, positive interval.
 */
export function calibrationScale(values: Float64Array, seasonLength: number): number {
  const EPS = 1e-12;
  let s = seasonalScale(values, seasonLength);
  if (!(s > EPS)) s = seasonalScale(values, 1);
  if (!(s > EPS)) {
    let a = 0;
    let c = 0;
    for (const v of values) {
      if (Number.isFinite(v)) {
        a += Math.abs(v);
        c++;
      }
    }
    s = c ? Math.max((a / c) * 1e-3, EPS) : 1;
  }
  return s;
}
