/**
 * The CSV of what an asset page shows: the observations of the chosen range, then the served forecast with its
 * bounds, one row per timestamp. Columns: timestamp, kind (observed | forecast), value, then lower/upper per level.
 */
export interface CsvObservation {
  ts: Date | string;
  value: number;
}

export interface CsvForecastPoint {
  ts: string;
  mean: number;
  lower: Record<string, number>;
  upper: Record<string, number>;
}

const cell = (v: number | undefined | null) => (v === undefined || v === null || !Number.isFinite(v) ? "" : String(v));
const iso = (ts: Date | string) => (typeof ts === "string" ? new Date(ts) : ts).toISOString();

export function visibleCsv(observations: CsvObservation[], forecast: { levels: number[]; points: CsvForecastPoint[] } | null): string {
  const levels = [...(forecast?.levels ?? [])].sort((a, b) => a - b);
  const header = ["timestamp", "kind", "value", ...levels.flatMap((l) => [`lower_${l}`, `upper_${l}`])];
  const lines = [header.join(",")];
  const empty = levels.flatMap(() => ["", ""]);
  for (const o of observations) lines.push([iso(o.ts), "observed", cell(o.value), ...empty].join(","));
  for (const p of forecast?.points ?? []) {
    lines.push([iso(p.ts), "forecast", cell(p.mean), ...levels.flatMap((l) => [cell(p.lower[String(l)]), cell(p.upper[String(l)])])].join(","));
  }
  return lines.join("\n") + "\n";
}
