/**
 * Open-Meteo: the archive and air-quality APIs are pulled in `chunkDays` windows of local dates
 * (`start_date`/`end_date` in the configured `timezone`) from the cursor's day on — re-reading that day
 * writes nothing new. The forecast API is read whole each time (future covariates change with each run),
 * its variables written as `forecast_<variable>`, and it moves no cursor.
 */
import { getJson } from "../connector-http";
import { DAY_MS, localDate, newestTs, type Connector } from "../connector";
import type { ProviderConfig } from "../provider-config";
import { parseOpenMeteo } from "./parse";

const ORIGINS = { archive: "https://archive-api.open-meteo.com", forecast: "https://api.open-meteo.com", "air-quality": "https://air-quality-api.open-meteo.com" } as const;
const PATHS = { archive: "/v1/archive", forecast: "/v1/forecast", "air-quality": "/v1/air-quality" } as const;
export const OPEN_METEO_LIMITS = [
  { points: 600, durationS: 60 },
  { points: 5000, durationS: 3600 },
];

const addDays = (ymd: string, n: number) => new Date(Date.parse(`${ymd}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export const openMeteoConnector: Connector<ProviderConfig<"open-meteo">, { apiKey?: string }> = async function* (config, creds, ctx) {
  const origin = ctx.baseUrl ?? ORIGINS[config.api];
  const base = () => {
    const url = new URL(`${origin}${PATHS[config.api]}`);
    url.searchParams.set("latitude", String(config.latitude));
    url.searchParams.set("longitude", String(config.longitude));
    url.searchParams.set(config.resolution, config.variables.join(","));
    url.searchParams.set("timezone", config.timezone);
    if (creds.apiKey) url.searchParams.set("apikey", creds.apiKey);
    return url;
  };
  if (config.api === "forecast") {
    const url = base();
    url.searchParams.set("forecast_days", String(config.forecastDays));
    const parsed = parseOpenMeteo(await getJson(url.toString(), ctx.http), { metricPrefix: "forecast_" });
    yield { ...parsed, stream: "forecast", cursorMs: null };
    return;
  }
  const stream = config.api;
  const cursor = ctx.cursors[stream];
  const startMs = ctx.fromMs ?? cursor ?? (config.startDate ? Date.parse(`${config.startDate}T00:00:00Z`) : ctx.nowMs - 7 * DAY_MS);
  const lastDay = localDate((ctx.toMs ?? ctx.nowMs + 1) - 1, config.timezone);
  for (let day = localDate(startMs, config.timezone); day <= lastDay; day = addDays(day, config.chunkDays)) {
    const end = addDays(day, config.chunkDays - 1);
    const url = base();
    url.searchParams.set("start_date", day);
    url.searchParams.set("end_date", end < lastDay ? end : lastDay);
    const parsed = parseOpenMeteo(await getJson(url.toString(), ctx.http));
    yield { ...parsed, stream, cursorMs: newestTs(parsed) };
  }
};
