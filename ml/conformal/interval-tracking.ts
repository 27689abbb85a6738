/**
 * Online interval adaptation for served forecasts: adaptive conformal inference (Gibbs & Candès 2021) in the
 * quantile-tracking form of conformal PID control (Angelopoulos, Candès & Tibshirani 2023, "Conformal PID
 * Control for Time Series Prediction", §2.1): the interval's half-width is the calibrated one times a factor
 * f, and after each realised actual
 *
 *   log f ← log f + η · (err − α),   err = 1 when the actual fell outside the interval,
 *
 * so each miss widens by e^{η(1−α)} and each hit narrows by e^{−ηα}; the factor settles where the miss rate is
 * α (for any bounded error sequence the long-run miscoverage converges to α). Working on the calibrated
 * per-step half-widths keeps their shape over the horizon; the factor is clamped to [1/8, 8].
 */
import { InvalidInputError } from "../errors";

export const TRACKING_STEP = 0.05;
const MAX_LOG_FACTOR = Math.log(8);

export interface TrackingState {
  logFactor: number;
  scored: number;
  missed: number;
}

export function trackInterval(state: TrackingState, missed: boolean, level: number, eta = TRACKING_STEP): TrackingState {
  if (!(level > 0 && level < 100)) throw new InvalidInputError(`level must be in (0, 100), got ${level}`, { field: "level" });
  const alpha = 1 - level / 100;
  const next = state.logFactor + eta * ((missed ? 1 : 0) - alpha);
  return {
    logFactor: Math.max(-MAX_LOG_FACTOR, Math.min(MAX_LOG_FACTOR, next)),
    scored: state.scored + 1,
    missed: state.missed + (missed ? 1 : 0),
  };
}

/** The bounds with the half-widths scaled by e^{logFactor} around the mean (a missing bound stays missing). */
export function scaleBounds(mean: number, lower: number | undefined, upper: number | undefined, logFactor: number): { lower?: number; upper?: number } {
  const f = Math.exp(logFactor);
  return {
    lower: lower === undefined ? undefined : mean - (mean - lower) * f,
    upper: upper === undefined ? undefined : mean + (upper - mean) * f,
  };
}
