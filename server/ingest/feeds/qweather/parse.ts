/**
 * QWeather historical data (last 10 days, one request per `location` and `date=yyyyMMdd`):
 * `/v7/historical/weather` → `{code: "200", weatherHourly: [{time, temp, humidity, precip, pressure, windSpeed, ...}]}`
 * and `/v7/historical/air` → `{code: "200", airHourly: [{pubTime, aqi, pm2p5, pm10, no2, so2, co, o3}]}`.
 * Values are strings; times are local with their offset (`2024-11-25T00:00+08:00`), so each is exact as
 * given. A `code` other than "200" is a provider error (e.g. 204 = no data, 402 = over quota).
 */
import type { SeriesBatch } from "@/server/ingest/schemas";
import { pushPoint, type ParsedResponse, type RecordIssue } from "../connector-types";

export const QWEATHER_WEATHER_FIELDS = { temp: "°C", humidity: "%", precip: "mm", pressure: "hPa", windSpeed: "km/h", wind360: "°", dew: "°C" } as const;
export const QWEATHER_AIR_FIELDS = { aqi: null, pm2p5: "μg/m³", pm10: "μg/m³", no2: "μg/m³", so2: "μg/m³", co: "mg/m³", o3: "μg/m³" } as const;

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/;

export class QWeatherCodeError extends Error {
  constructor(readonly code: string) {
    super(`QWeather answered code ${code}`);
    this.name = "QWeatherCodeError";
  }
}

export function parseQWeather(body: unknown, kind: "weather" | "air"): ParsedResponse {
  const b = (body ?? {}) as Record<string, unknown>;
  if (b.code === "204") return { series: [], issues: [] }; // no data for that day
  if (b.code !== "200") throw new QWeatherCodeError(String(b.code));
  const list = kind === "weather" ? b.weatherHourly : b.airHourly;
  const timeField = kind === "weather" ? "time" : "pubTime";
  const fields: Record<string, string | null> = kind === "weather" ? QWEATHER_WEATHER_FIELDS : QWEATHER_AIR_FIELDS;
  const issues: RecordIssue[] = [];
  const acc = new Map<string, SeriesBatch>();
  if (!Array.isArray(list)) return { series: [], issues: [{ row: 0, field: kind === "weather" ? "weatherHourly" : "airHourly", message: "missing list" }] };
  list.forEach((r: Record<string, unknown>, i) => {
    const row = i + 1;
    const t = r?.[timeField];
    if (typeof t !== "string" || !WITH_OFFSET.test(t)) return void issues.push({ row, field: timeField, message: `${JSON.stringify(t)} is not a time with an offset` });
    const ts = Date.parse(t);
    for (const [f, unit] of Object.entries(fields)) {
      const raw = r[f];
      if (raw === undefined || raw === null || raw === "") continue;
      const v = Number(raw);
      if (!Number.isFinite(v)) {
        issues.push({ row, field: f, message: `${JSON.stringify(raw)} is not a number` });
        continue;
      }
      pushPoint(acc, kind === "air" ? `air_${f.toLowerCase()}` : f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), unit, ts, v);
    }
  });
  return { series: [...acc.values()], issues };
}
