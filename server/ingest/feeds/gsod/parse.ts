/**
 * NOAA Global Summary of the Day (GSOD) CSV, one file per station-year
 * (`/data/global-summary-of-the-day/access/{year}/{station}.csv`): STATION, DATE (yyyy-mm-dd, a UTC day),
 * LATITUDE, LONGITUDE, ELEVATION, NAME, then TEMP, DEWP, SLP, STP, VISIB, WDSP, MXSPD, GUST, MAX, MIN, PRCP,
 * SNDP, FRSHTT, most with a `<COL>_ATTRIBUTES` column. Units as published: °F, mb, miles, knots, inches.
 * Missing markers (9999.9 temperatures/pressures, 999.9 visibility/wind/snow depth, 99.99 precipitation)
 * are missing, never values. Attributes: MAX/MIN `*` = taken from the hourly data (kept as `estimated`);
 * PRCP flag `I` = the station did not report precipitation (a missing value, even when 0.00 is written).
 */
import { parse } from "csv-parse/sync";
import { QUALITY } from "@/db/schema";
import type { SeriesBatch } from "@/server/ingest/schemas";
import { pushPoint, type ParsedResponse, type RecordIssue } from "../connector-types";

export const GSOD_METRICS = {
  TEMP: { metric: "temp_mean", unit: "°F", missing: 9999.9 },
  DEWP: { metric: "dew_point_mean", unit: "°F", missing: 9999.9 },
  SLP: { metric: "sea_level_pressure", unit: "mb", missing: 9999.9 },
  STP: { metric: "station_pressure", unit: "mb", missing: 9999.9 },
  VISIB: { metric: "visibility", unit: "mi", missing: 999.9 },
  WDSP: { metric: "wind_speed_mean", unit: "kn", missing: 999.9 },
  MXSPD: { metric: "wind_speed_max", unit: "kn", missing: 999.9 },
  GUST: { metric: "wind_gust", unit: "kn", missing: 999.9 },
  MAX: { metric: "temp_max", unit: "°F", missing: 9999.9 },
  MIN: { metric: "temp_min", unit: "°F", missing: 9999.9 },
  PRCP: { metric: "precipitation", unit: "in", missing: 99.99 },
  SNDP: { metric: "snow_depth", unit: "in", missing: 999.9 },
} as const;
export type GsodColumn = keyof typeof GSOD_METRICS;

export function parseGsod(text: string, opts: { columns?: GsodColumn[] } = {}): ParsedResponse {
  const issues: RecordIssue[] = [];
  const acc = new Map<string, SeriesBatch>();
  let rows: Record<string, string>[];
  try {
    rows = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, string>[];
  } catch (err) {
    return { series: [], issues: [{ row: 0, field: "body", message: `not valid CSV: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  const wanted = opts.columns ?? (Object.keys(GSOD_METRICS) as GsodColumn[]);
  rows.forEach((r, i) => {
    const row = i + 1;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(r.DATE ?? "");
    const ts = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
    // Date.UTC rolls 2024-13-04 over into 2025; a date must read back as written.
    if (Number.isNaN(ts) || new Date(ts).toISOString().slice(0, 10) !== r.DATE) return void issues.push({ row, field: "DATE", message: `${JSON.stringify(r.DATE)} is not a yyyy-mm-dd date` });
    for (const col of wanted) {
      const spec = GSOD_METRICS[col];
      const raw = r[col]?.trim(); // fixed-width values are quoted with their padding
      if (raw === undefined || raw === "") continue;
      const v = Number(raw);
      if (!Number.isFinite(v)) {
        issues.push({ row, field: col, message: `"${raw}" is not a number` });
        continue;
      }
      if (Math.abs(v - spec.missing) < 1e-9) continue; // documented missing marker
      const attr = (r[`${col}_ATTRIBUTES`] ?? "").trim();
      if (col === "PRCP" && attr === "I") continue;
      const quality = (col === "MAX" || col === "MIN") && attr === "*" ? QUALITY.estimated : undefined;
      pushPoint(acc, spec.metric, spec.unit, ts, v, quality);
    }
  });
  return { series: [...acc.values()], issues };
}
