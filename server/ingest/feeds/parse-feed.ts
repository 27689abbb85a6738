/**
 * Feed bodies (CSV or JSON) → normalized points. JSON may be an array of objects or `{ data: [...] }`.
 * A row with a bad timestamp or value is an error naming the row and field (a feed that changed shape should
 * fail loudly, not ingest half its rows).
 */
import { parse } from "csv-parse/sync";
import { ValidationError } from "@/server/http/errors";
import { parseTimestamp } from "@/server/ingest/parse-timestamp";
import type { NormalizedPoint } from "@/server/ingest/schemas";

export interface FeedFormat {
  format: "csv" | "json";
  timestampField: string;
  valueField: string;
}

export function parseFeed(text: string, f: FeedFormat): NormalizedPoint[] {
  let rows: Record<string, unknown>[];
  if (f.format === "csv") {
    try {
      rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, unknown>[];
    } catch (err) {
      throw new ValidationError(`feed is not valid CSV: ${err instanceof Error ? err.message : String(err)}`, { field: "body" });
    }
  } else {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ValidationError("feed is not valid JSON", { field: "body" });
    }
    const list = Array.isArray(json) ? json : (json as { data?: unknown })?.data;
    if (!Array.isArray(list)) throw new ValidationError("JSON feed must be an array or { data: [...] }", { field: "body" });
    rows = list as Record<string, unknown>[];
  }
  const points: NormalizedPoint[] = [];
  rows.forEach((row, i) => {
    const rawTs = row?.[f.timestampField];
    const rawValue = row?.[f.valueField];
    if (rawTs === undefined) throw new ValidationError(`row ${i + 1} has no "${f.timestampField}"`, { row: i + 1, field: f.timestampField });
    if (rawValue === undefined || rawValue === null || rawValue === "" || rawValue === "NA") return; // no reading
    const ts = parseTimestamp(typeof rawTs === "number" ? rawTs : String(rawTs));
    if (!ts.ok) throw new ValidationError(`row ${i + 1}: ${ts.reason}`, { row: i + 1, field: f.timestampField });
    const value = typeof rawValue === "number" ? rawValue : Number(String(rawValue));
    if (!Number.isFinite(value)) throw new ValidationError(`row ${i + 1}: "${String(rawValue)}" is not a number`, { row: i + 1, field: f.valueField });
    points.push({ tsMs: ts.ms, value });
  });
  return points;
}
