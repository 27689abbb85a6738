/**
 * Split-conformal interval calibration (Vovk et al. 2005; Lei et al. 2018) from the backtest residuals.
 * Scores are |y − ŷ| divided by the fold's in-sample seasonal scale, so one calibration serves the series at
 * any level; a step with too few scores borrows from neighbouring steps (ml/conformal/quantile.ts).
 * Serving: half-width at step h = halfWidths[level][h] × the series' current seasonal scale.
 */
import { stepQuantiles } from "@/ml/conformal/quantile";
import { seasonalScale } from "@/ml/metrics/scale";
import { zForLevel } from "@/ml/stats/normal";

export interface Calibration {
  method: "split-conformal-scaled";
  /** Season length the scale is computed with (the shortest season). */
  scaleSeasonLength: number;
  /** Scores per step used (after pooling). */
  scoresPerStep: number;
  /** Level (percent, as a string key) → scaled half-width per horizon step. */
  halfWidths: Record<string, number[]>;
  /**
   * Levels whose scores were too few for a finite conformal quantile even after pooling all steps (a quick run,
   * one short series): their half-widths are a random walk's, z·√h in units of the scale, never blank.
   */
  fallback?: Record<string, "random-walk">;
}

/** A random walk's half-width at step h (1-based) in units of the series' scale: z·√h (also auto's fallback band). */
export function randomWalkHalfWidth(level: number, h: number): number {
  return zForLevel(level) * Math.sqrt(h);
}

export function calibrateIntervals(scoresByStep: number[][], levels: number[], scaleSeasonLength: number): Calibration {
  const byStep = scoresByStep.map((s) => Float64Array.from(s));
  const halfWidths: Record<string, number[]> = {};
  const fallback: Record<string, "random-walk"> = {};
  for (const level of levels) {
    const q = Array.from(stepQuantiles(byStep, 1 - level / 100));
    // Too few scores for this level even after pooling every step: a random walk's band, said so, not a blank.
    if (q.some((w) => !Number.isFinite(w))) {
      fallback[String(level)] = "random-walk";
      halfWidths[String(level)] = q.map((_, h) => randomWalkHalfWidth(level, h + 1));
    } else halfWidths[String(level)] = q;
  }
  return { method: "split-conformal-scaled", scaleSeasonLength, scoresPerStep: byStep[0]?.length ?? 0, halfWidths, ...(Object.keys(fallback).length ? { fallback } : {}) };
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
