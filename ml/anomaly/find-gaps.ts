import type { Anomaly } from "./types";

/**
 * Missing readings at the series' frequency. Slots skipped between consecutive timestamps (more than half a
 * step beyond one step) and readings without a value (NaN) are missing; each unbroken stretch of missing
 * slots is one gap anomaly naming its first missing timestamp and how many readings are absent.
 */
export function findGaps(timestamps: ArrayLike<number>, values: ArrayLike<number>, stepMs: number): Anomaly[] {
  const out: Anomaly[] = [];
  let start = NaN;
  let length = 0;
  const close = () => {
    if (length > 0)
      out.push({
        kind: "gap",
        timestamp: start,
        value: NaN,
        expected: NaN,
        lower: NaN,
        upper: NaN,
        score: length,
        length,
        reason: length === 1 ? "1 reading missing" : `${length} readings missing`,
      });
    length = 0;
  };
  for (let i = 0; i < timestamps.length; i++) {
    const delta = i > 0 ? timestamps[i] - timestamps[i - 1] : stepMs;
    const skipped = delta > 1.5 * stepMs ? Math.round(delta / stepMs) - 1 : 0;
    if (skipped > 0) {
      if (length === 0) start = timestamps[i - 1] + stepMs;
      length += skipped;
    }
    if (!Number.isFinite(values[i])) {
      if (length === 0) start = timestamps[i];
      length += 1;
    } else close();
  }
  close();
  return out;
}
