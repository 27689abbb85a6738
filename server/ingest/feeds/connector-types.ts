/** What every provider parser returns: the good points per metric, and the bad records named (not thrown). */
import type { SeriesBatch } from "@/server/ingest/schemas";

export interface RecordIssue {
  /** 1-based record (row, array index or result) within the response. */
  row: number;
  field: string;
  message: string;
}

export interface ParsedResponse {
  series: SeriesBatch[];
  issues: RecordIssue[];
}

/** Adds one point to the batch of `metric`, creating it on first sight. */
export function pushPoint(acc: Map<string, SeriesBatch>, metric: string, unit: string | null | undefined, tsMs: number, value: number, quality?: number) {
  let b = acc.get(metric);
  if (!b) acc.set(metric, (b = { metric, unit: unit ?? null, points: [] }));
  b.points.push(quality === undefined ? { tsMs, value } : { tsMs, value, quality });
}

/** Metric names are slugs: `PM2.5` → `pm2.5`, `Temp (°C)` → `temp_c`. */
export function metricSlug(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9_.-]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 64);
}
