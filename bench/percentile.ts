/** Nearest-rank percentile of an ascending array of latencies (p in [0, 1]); NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
}
