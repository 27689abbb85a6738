import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, importSPKI, jwtVerify } from "jose";
import { QUALITY } from "@/db/schema";
import { parseOpenMeteo } from "./open-meteo/parse";
import { parseOpenAqMeasurements } from "./openaq/parse";
import { parseGsod } from "./gsod/parse";
import { parseQWeather, QWeatherCodeError } from "./qweather/parse";
import { qweatherJwt } from "./qweather/jwt";

const fx = (p: string) => readFileSync(path.join(import.meta.dirname, p), "utf8");
const json = (p: string) => JSON.parse(fx(p)) as unknown;
const byMetric = (r: { series: { metric: string; unit?: string | null; points: { tsMs: number; value: number; quality?: number }[] }[] }) =>
  Object.fromEntries(r.series.map((s) => [s.metric, s]));

describe("Open-Meteo", () => {
  it("turns Berlin local times into UTC across the DST change, skips nulls, reports the bad cell", () => {
    const r = parseOpenMeteo(json("open-meteo/fixtures/archive-hourly-berlin.json"));
    const m = byMetric(r);
    expect(Object.keys(m).sort()).toEqual(["precipitation", "relative_humidity_2m", "surface_pressure", "temperature_2m", "wind_speed_10m"]);
    // 00:00 CET = 23:00Z; 03:00 CEST (after the 02:00 jump) = 01:00Z.
    expect(m.relative_humidity_2m.points.map((p) => new Date(p.tsMs).toISOString())).toEqual([
      "2024-03-30T23:00:00.000Z",
      "2024-03-31T00:00:00.000Z",
      "2024-03-31T01:00:00.000Z",
      "2024-03-31T02:00:00.000Z",
    ]);
    expect(m.temperature_2m.points.map((p) => p.value)).toEqual([8.1, 7.6, 7.2]);
    expect(m.temperature_2m.unit).toBe("°C");
    expect(m.wind_speed_10m.points).toHaveLength(3);
    expect(r.issues).toEqual([{ row: 3, field: "hourly.wind_speed_10m", message: '"n/a" is not a number' }]);
  });
  it("uses utc_offset_seconds/GMT and daily dates in the zone", () => {
    const aq = byMetric(parseOpenMeteo(json("open-meteo/fixtures/air-quality-daily-utc.json")));
    expect(aq.pm10.points.map((p) => p.tsMs)).toEqual([Date.UTC(2024, 0, 1, 0), Date.UTC(2024, 0, 1, 1)]);
    const fc = byMetric(parseOpenMeteo(json("open-meteo/fixtures/forecast-daily-tokyo.json")));
    expect(fc.temperature_2m_max.points[0].tsMs).toBe(Date.UTC(2024, 4, 31, 15)); // 2024-06-01 00:00 JST
    expect(fc.precipitation_sum.points.map((p) => p.value)).toEqual([0, 12.6]);
  });
  it("accepts timeformat=unixtime", () => {
    const r = parseOpenMeteo({ utc_offset_seconds: 3600, timezone: "Europe/Paris", hourly: { time: [1704067200], pm2_5: [3] } });
    expect(r.series[0].points[0].tsMs).toBe(1704067200000);
  });
});

describe("OpenAQ v3", () => {
  it("parses a page: period start in UTC, units, flagged values suspect", () => {
    const r = parseOpenAqMeasurements(json("openaq/fixtures/sensor-3917-hourly-page1.json"));
    expect(r).toMatchObject({ page: 1, limit: 2, count: 2, found: 4, issues: [] });
    expect(r.series[0]).toMatchObject({ metric: "pm25", unit: "µg/m³" });
    expect(r.series[0].points).toEqual([
      { tsMs: Date.UTC(2024, 0, 1, 0), value: 12.4 },
      { tsMs: Date.UTC(2024, 0, 1, 1), value: 14.1, quality: QUALITY.suspect },
    ]);
  });
  it("keeps the good record and names the bad one", () => {
    const r = parseOpenAqMeasurements(json("openaq/fixtures/sensor-3917-hourly-page2.json"), { metric: "pm2_5" });
    expect(r.series[0].points).toEqual([{ tsMs: Date.UTC(2024, 0, 1, 3), value: 9.8 }]);
    expect(r.series[0].metric).toBe("pm2_5");
    expect(r.issues).toEqual([{ row: 1, field: "value", message: '"bad" is not a number' }]);
  });
  it("reports a body that is not a list response", () => {
    expect(parseOpenAqMeasurements({ detail: "x" }).issues[0].field).toBe("meta");
  });
});

describe("NOAA GSOD", () => {
  const r = parseGsod(fx("gsod/fixtures/72503014732-2024.csv"));
  const m = byMetric(r);
  it("drops the missing markers (9999.9, 999.9, 99.99) instead of storing them", () => {
    const all = r.series.flatMap((s) => s.points.map((p) => p.value));
    expect(all).not.toContain(9999.9);
    expect(all).not.toContain(999.9);
    expect(all).not.toContain(99.99);
    expect(m.sea_level_pressure.points.map((p) => p.tsMs)).toEqual([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 5)]);
    expect(m.wind_gust.points).toEqual([{ tsMs: Date.UTC(2024, 0, 1), value: 21 }]);
    expect(m.snow_depth.points).toEqual([{ tsMs: Date.UTC(2024, 0, 2), value: 1.2 }]);
  });
  it("reads the attribute flags: '*' max/min estimated, PRCP flag I missing", () => {
    expect(m.temp_min.points[0]).toEqual({ tsMs: Date.UTC(2024, 0, 1), value: 35.1, quality: QUALITY.estimated });
    expect(m.temp_max.points[1]).toMatchObject({ value: 41, quality: QUALITY.estimated });
    expect(m.temp_max.points[0].quality).toBeUndefined();
    // day 1: 0.00 (G), day 2: 99.99 missing, day 3: flag I, day 5: 0.25
    expect(m.precipitation.points.map((p) => p.value)).toEqual([0, 0.25]);
    expect(m.temp_mean.unit).toBe("°F");
  });
  it("names the bad rows and keeps the rest of them", () => {
    expect(r.issues).toEqual([
      { row: 4, field: "DATE", message: '"2024-13-04" is not a yyyy-mm-dd date' },
      { row: 5, field: "TEMP", message: '"4O.1" is not a number' },
    ]);
    expect(m.dew_point_mean.points).toHaveLength(4); // row 5's DEWP is kept
  });
});

describe("QWeather", () => {
  it("parses hourly weather with the times' own offsets, reporting a time without one and a bad value", () => {
    const r = parseQWeather(json("qweather/fixtures/historical-weather-101010100-20241125.json"), "weather");
    const m = byMetric(r);
    expect(m.temp.points.map((p) => [new Date(p.tsMs).toISOString(), p.value])).toEqual([
      ["2024-11-24T16:00:00.000Z", -1],
      ["2024-11-24T17:00:00.000Z", -2],
    ]);
    expect(m.wind_speed.points).toHaveLength(3);
    expect(r.issues).toEqual([
      { row: 3, field: "time", message: '"2024-11-25T02:00" is not a time with an offset' },
      { row: 4, field: "temp", message: '"--" is not a number' },
    ]);
  });
  it("parses hourly air", () => {
    const m = byMetric(parseQWeather(json("qweather/fixtures/historical-air-101010100-20241125.json"), "air"));
    expect(m.air_pm2p5.points.map((p) => p.value)).toEqual([39, 43]);
    expect(m.air_co.unit).toBe("mg/m³");
  });
  it("treats code 204 as no data and others as errors", () => {
    expect(parseQWeather({ code: "204" }, "air").series).toEqual([]);
    expect(() => parseQWeather({ code: "401" }, "air")).toThrow(QWeatherCodeError);
  });
  it("signs an EdDSA JWT with kid, sub, iat = now-30 and exp = iat+900", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const now = Date.UTC(2024, 10, 25, 12);
    const jwt = await qweatherJwt({ projectId: "P123", credentialId: "C456", privateKeyPem: pem }, now);
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: "EdDSA", kid: "C456" });
    expect(decodeJwt(jwt)).toEqual({ sub: "P123", iat: now / 1000 - 30, exp: now / 1000 - 30 + 900 });
    const spki = await importSPKI(publicKey.export({ type: "spki", format: "pem" }).toString(), "EdDSA");
    await expect(jwtVerify(jwt, spki, { currentDate: new Date(now) })).resolves.toBeTruthy();
  });
});
