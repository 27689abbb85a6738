/**
 * Open-Meteo responses (archive `/v1/archive`, forecast `/v1/forecast`, air quality `/v1/air-quality`) →
 * one series per variable. The body is columnar: `hourly.time[]` (or `daily.time[]`) plus one array per
 * requested variable, units in `hourly_units`, `null` where there is no value (skipped, not zero).
 * Times are local wall times in the response's `timezone` (`2024-03-31T02:00`, daily `2024-03-31`);
 * they are converted with the IANA zone (DST-correct), or with `utc_offset_seconds` when the zone is
 * not an IANA name; `timeformat=unixtime` answers epoch seconds, used as they are.
 */
import { isValidTimeZone, zonedWallTimeToUtcMs } from "@/server/ingest/time-zone";
import { metricSlug, pushPoint, type ParsedResponse, type RecordIssue } from "../connector-types";
import type { SeriesBatch } from "@/server/ingest/schemas";

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

export function openMeteoTimeToMs(raw: unknown, timeZone: string | undefined, utcOffsetSeconds: number): number | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw * 1000 : null;
  if (typeof raw !== "string") return null;
  const m = LOCAL.exec(raw);
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0);
  if (Number.isNaN(wall)) return null;
  if (timeZone && timeZone !== "GMT" && isValidTimeZone(timeZone)) return zonedWallTimeToUtcMs(wall, timeZone);
  return wall - utcOffsetSeconds * 1000;
}

export function parseOpenMeteo(body: unknown, opts: { metricPrefix?: string } = {}): ParsedResponse {
  const issues: RecordIssue[] = [];
  const acc = new Map<string, SeriesBatch>();
  if (!body || typeof body !== "object") return { series: [], issues: [{ row: 0, field: "body", message: "response is not a JSON object" }] };
  const b = body as Record<string, unknown>;
  const tz = typeof b.timezone === "string" ? b.timezone : undefined;
  const offset = typeof b.utc_offset_seconds === "number" ? b.utc_offset_seconds : 0;
  for (const block of ["hourly", "daily", "minutely_15"] as const) {
    const cols = b[block] as Record<string, unknown> | undefined;
    if (!cols) continue;
    const units = (b[`${block}_units`] ?? {}) as Record<string, string>;
    const time = cols.time;
    if (!Array.isArray(time)) {
      issues.push({ row: 0, field: `${block}.time`, message: "missing time array" });
      continue;
    }
    const tsMs = time.map((t, i) => {
      const ms = openMeteoTimeToMs(t, tz, offset);
      if (ms === null) issues.push({ row: i + 1, field: `${block}.time`, message: `"${String(t)}" is not a time` });
      return ms;
    });
    for (const [name, values] of Object.entries(cols)) {
      if (name === "time") continue;
      if (!Array.isArray(values)) {
        issues.push({ row: 0, field: `${block}.${name}`, message: "not an array" });
        continue;
      }
      if (values.length !== time.length) issues.push({ row: 0, field: `${block}.${name}`, message: `${values.length} values for ${time.length} times` });
      const metric = metricSlug(`${opts.metricPrefix ?? ""}${name}`);
      values.forEach((v, i) => {
        if (v === null || i >= time.length) return;
        const ts = tsMs[i];
        if (ts === null) return;
        if (typeof v !== "number" || !Number.isFinite(v)) {
          issues.push({ row: i + 1, field: `${block}.${name}`, message: `${JSON.stringify(v)} is not a number` });
          return;
        }
        pushPoint(acc, metric, units[name], ts, v);
      });
    }
  }
  return { series: [...acc.values()], issues };
}
