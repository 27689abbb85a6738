import { InvalidInputError } from "../errors";

/** Named spacings so that callers (CLI, UI) can talk about frequencies rather than milliseconds. */
export const STEP_MS = {
  minute: 60_000,
  halfHour: 1_800_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
} as const;

/**
 * Spacing of a (possibly gappy) timestamp sequence: the most common positive difference between
 * consecutive timestamps. Gaps (missing observations) produce multiples of the step and therefore do
 * not change the mode as long as most observations are present. Monthly data has steps of 28–31 days;
 * they are reported as their median so that callers can still detect "about a month".
 */
export function inferStepMs(timestampsMs: ArrayLike<number>): number {
  if (timestampsMs.length < 2) {
    throw new InvalidInputError("need at least two timestamps to infer a frequency", { field: "timestamp" });
  }
  const counts = new Map<number, number>();
  const diffs: number[] = [];
  for (let i = 1; i < timestampsMs.length; i++) {
    const d = timestampsMs[i] - timestampsMs[i - 1];
    if (!(d > 0)) {
      throw new InvalidInputError(`timestamps must be strictly increasing (${timestampsMs[i - 1]} then ${timestampsMs[i]})`, {
        field: "timestamp",
        row: i,
      });
    }
    diffs.push(d);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best = diffs[0];
  let bestCount = 0;
  for (const [d, c] of counts) {
    if (c > bestCount || (c === bestCount && d < best)) {
      best = d;
      bestCount = c;
    }
  }
  // Calendar months/years: differences vary by a few days, so no single mode dominates.
  if (bestCount / diffs.length < 0.5 && best >= 28 * STEP_MS.day) {
    diffs.sort((a, b) => a - b);
    return diffs[Math.floor(diffs.length / 2)];
  }
  return best;
}

/**
 * Conventional season lengths (in steps) for a spacing, shortest first: e.g. hourly → [24, 168],
 * half-hourly → [48, 336], daily → [7], weekly → [52], monthly → [12]. Returns [] when no calendar
 * cycle applies (then use `inferSeasonLengths` on the data).
 */
export function calendarSeasonLengths(stepMs: number): number[] {
  const perDay = STEP_MS.day / stepMs;
  const perWeek = STEP_MS.week / stepMs;
  if (stepMs < STEP_MS.day && Number.isInteger(perDay)) return [perDay, perWeek];
  if (stepMs === STEP_MS.day) return [7];
  if (stepMs === STEP_MS.week) return [52];
  if (stepMs >= 28 * STEP_MS.day && stepMs <= 31 * STEP_MS.day) return [12];
  if (stepMs >= 89 * STEP_MS.day && stepMs <= 92 * STEP_MS.day) return [4];
  return [];
}
