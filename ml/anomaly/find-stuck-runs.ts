/** A run of identical readings: `start` index in the series and its length. */
export interface StuckRun {
  start: number;
  length: number;
}

/** Runs of at least `minLength` consecutive finite readings equal within `tolerance`. */
export function findFlatRuns(values: ArrayLike<number>, minLength: number, tolerance: number): StuckRun[] {
  const runs: StuckRun[] = [];
  let start = 0;
  for (let i = 1; i <= values.length; i++) {
    const same = i < values.length && Number.isFinite(values[i]) && Number.isFinite(values[start]) && Math.abs(values[i] - values[start]) <= tolerance;
    if (!same) {
      if (i - start >= minLength && Number.isFinite(values[start])) runs.push({ start, length: i - start });
      start = i;
    }
  }
  return runs;
}

/**
 * The shortest flat run that counts as a stuck sensor for this series: two readings longer than the longest
 * flat run its reference history shows by itself (a meter that idles at zero overnight is not stuck), and at
 * least `floor` readings.
 */
export function stuckRunThreshold(reference: ArrayLike<number>, tolerance: number, floor = 6): number {
  let longest = 1;
  for (const run of findFlatRuns(reference, 2, tolerance)) longest = Math.max(longest, run.length);
  return Math.max(floor, longest + 2);
}
