/**
 * Typed settings per provider (the `config` JSON of an ingest source) and the credentials each needs.
 * Credentials are stored separately (`ingest_sources.credentials`) and only ever shown back masked.
 */
import { z } from "zod";

export const PROVIDERS = ["http", "openaq", "open-meteo", "qweather", "noaa-gsod"] as const;
export type Provider = (typeof PROVIDERS)[number];

const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "yyyy-mm-dd");

export const openAqConfigSchema = z.object({
  sensorIds: z.array(z.number().int().positive()).min(1).max(50),
  aggregation: z.enum(["hourly", "daily"]).default("hourly"),
  /** Default start of the first pull (later pulls resume at the cursor). */
  startDate: ymd.optional(),
  pageLimit: z.number().int().min(1).max(1000).default(1000),
});

const OPEN_METEO_HOURLY = ["temperature_2m", "relative_humidity_2m", "dew_point_2m", "precipitation", "surface_pressure", "pressure_msl", "wind_speed_10m", "wind_direction_10m", "cloud_cover", "shortwave_radiation"] as const;
const OPEN_METEO_AIR = ["pm10", "pm2_5", "nitrogen_dioxide", "ozone", "sulphur_dioxide", "carbon_monoxide", "us_aqi", "european_aqi"] as const;

export const openMeteoConfigSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  /** archive = observed weather; forecast = future covariates (written as `forecast_<variable>`); air-quality. */
  api: z.enum(["archive", "forecast", "air-quality"]).default("archive"),
  resolution: z.enum(["hourly", "daily"]).default("hourly"),
  variables: z.array(z.string().regex(/^[a-z0-9_]+$/)).min(1).max(30).default([...OPEN_METEO_HOURLY.slice(0, 5), "wind_speed_10m"]),
  timezone: z.string().default("UTC"),
  startDate: ymd.optional(),
  /** Days per request on archive/air-quality backfills. */
  chunkDays: z.number().int().min(1).max(366).default(31),
  forecastDays: z.number().int().min(1).max(16).default(7),
});
export { OPEN_METEO_AIR, OPEN_METEO_HOURLY };

export const qweatherConfigSchema = z.object({
  /** LocationID (e.g. 101010100) — the historical API takes IDs only. */
  location: z.string().regex(/^\d{5,12}$/),
  kinds: z.array(z.enum(["weather", "air"])).min(1).default(["weather", "air"]),
  /** The project's API host (each QWeather project has its own, e.g. abc123.re.qweatherapi.com). */
  apiHost: z.string().regex(/^[a-z0-9.-]+$/i),
});

export const gsodConfigSchema = z.object({
  /** USAF+WBAN, 11 digits (e.g. 72503014732 = LaGuardia). */
  station: z.string().regex(/^\d{11}$/),
  startYear: z.number().int().min(1929).max(2100).optional(),
});

export const httpConfigSchema = z.object({}).passthrough();

export const providerConfigSchemas = {
  http: httpConfigSchema,
  openaq: openAqConfigSchema,
  "open-meteo": openMeteoConfigSchema,
  qweather: qweatherConfigSchema,
  "noaa-gsod": gsodConfigSchema,
} as const;

export const credentialSchemas = {
  http: z.object({}).strict(),
  openaq: z.object({ apiKey: z.string().min(8) }),
  "open-meteo": z.object({ apiKey: z.string().min(8).optional() }), // only the commercial customer-* hosts need one
  qweather: z.object({ projectId: z.string().min(1), credentialId: z.string().min(1), privateKeyPem: z.string().includes("PRIVATE KEY") }),
  "noaa-gsod": z.object({}).strict(),
} as const;

export type ProviderConfig<P extends Provider> = z.output<(typeof providerConfigSchemas)[P]>;

/** `abcd…wxyz` → `••••wxyz`: enough to tell keys apart, never enough to use one. */
export function maskSecret(v: string): string {
  return v.length <= 8 ? "••••" : `••••${v.slice(-4)}`;
}

export function maskCredentials(c: Record<string, string> | null | undefined): Record<string, string> | null {
  if (!c) return null;
  return Object.fromEntries(Object.entries(c).map(([k, v]) => [k, k === "privateKeyPem" ? "•••• (PEM key set)" : maskSecret(v)]));
}
