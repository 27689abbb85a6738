/** What the anomaly detector reports. Indices and timestamps refer to the checked stream. */
export type AnomalyKind = "spike_above" | "spike_below" | "level_shift" | "stuck" | "gap";

export interface Anomaly {
  kind: AnomalyKind;
  /** Epoch ms of the point (for a gap: the first missing reading; for a run: its first point). */
  timestamp: number;
  /** The reading (NaN for a gap). */
  value: number;
  /** One-step-ahead expectation and its interval at the requested level (NaN where none applies). */
  expected: number;
  lower: number;
  upper: number;
  /** How far outside the interval: |value − expected| / half-width (≥ 1 flags); for runs and gaps, their length in steps. */
  score: number;
  /** Readings covered: 1 for a spike, the run or gap length otherwise. */
  length: number;
  /** One sentence for a person, e.g. "Exceeds predicted value by 45%". */
  reason: string;
}

/** One-step-ahead expectations supplied by a trained model, aligned with the stream's points. */
export interface Expectation {
  expected: number;
  lower: number;
  upper: number;
}
