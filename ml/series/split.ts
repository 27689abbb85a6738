import { InvalidInputError } from "../errors";
import type { Series } from "../types";

/** Keep the first `length` observations (covariates are cut the same way). */
export function truncateSeries(s: Series, length: number): Series {
  const cov = s.covariates;
  return {
    ...s,
    values: s.values.subarray(0, length),
    covariates: cov
      ? {
          names: cov.names,
          past: cov.past.map((p) => p.subarray(0, length)),
          // The "future" of a truncated series is the covariates' own past after the cut.
          future: cov.past.map((p) => p.subarray(length)),
        }
      : undefined,
  };
}

export interface TrainValidation {
  train: Series;
  validation: Float64Array;
}

/**
 * Time-based split: the last `validationLength` steps become validation, everything before is
 * training. No shuffling — the future never leaks into training.
 */
export function splitByCount(s: Series, validationLength: number): TrainValidation {
  const n = s.values.length;
  if (!(validationLength > 0 && validationLength < n)) {
    throw new InvalidInputError(`series ${s.id}: validation length ${validationLength} must be in 1..${n - 1}`, { field: "validationLength" });
  }
  return { train: truncateSeries(s, n - validationLength), validation: s.values.slice(n - validationLength) };
}

/** Split at a calendar instant: observations at or after `cutoffMs` are validation. */
export function splitByTime(s: Series, cutoffMs: number): TrainValidation {
  if (s.startMs === undefined || s.stepMs === undefined) {
    throw new InvalidInputError(`series ${s.id}: splitByTime needs startMs and stepMs`, { field: "startMs" });
  }
  const k = Math.ceil((cutoffMs - s.startMs) / s.stepMs);
  return splitByCount(s, s.values.length - k);
}
