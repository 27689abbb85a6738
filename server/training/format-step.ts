/** Step length in ms → the series.frequency notation (`30m`, `1h`, `1d`, `1w`; `<n>ms` otherwise). */
export function formatStepMs(stepMs: number): string {
  const units: [number, string][] = [
    [604_800_000, "w"],
    [86_400_000, "d"],
    [3_600_000, "h"],
    [60_000, "m"],
    [1000, "s"],
  ];
  for (const [ms, unit] of units) if (stepMs >= ms && stepMs % ms === 0) return `${stepMs / ms}${unit}`;
  return `${stepMs}ms`;
}
