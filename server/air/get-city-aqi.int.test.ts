/**
 * getCityAqi on a real (test) database: one Beijing demo site imported as `npm run seed` imports it, a city
 * reporting in ppb, a city without air series and a ticker. Expected indices are worked out by hand from the
 * site's CSV row (Dongsi, 2014-01-15) and the official tables.
 */
import { createReadStream } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { ensureAsset } from "@/server/assets";
import { importCsv } from "@/server/ingest/import-csv";
import { DEMO_DATASETS } from "@/server/seed/demo-datasets";
import { createCaller } from "@/server/trpc/root";
import { getCityAqi } from "./get-city-aqi";

let handle: DbHandle;
let dongsi: string;
let ppbCity: string;
let bareCity: string;
let ticker: string;
const DAY = new Date("2014-01-15T00:00:00Z");

beforeAll(async () => {
  handle = await createTestDb();
  const ds = DEMO_DATASETS.find((d) => d.asset.slug === "beijing-dongsi")!;
  dongsi = (await ensureAsset(handle.db, ds.asset)).id;
  await importCsv(handle.db, { asset: dongsi, input: createReadStream(path.resolve("data/demo", ds.file)), options: { ...ds.options, source: "seed" } });

  ppbCity = (await ensureAsset(handle.db, { slug: "ppb-city", name: "Ppb City", kind: "city", timezone: "UTC" })).id;
  const csv = "date,pm25,o3_8h_max,no2_1h_max,so2_1h_max\n2024-06-01,12.0,,,\n2024-06-02,5.0,0.075,120,400\n";
  await importCsv(handle.db, {
    asset: ppbCity,
    input: Readable.from([csv]),
    options: {
      timestampColumn: "date",
      metrics: [
        { column: "pm25", metric: "pm25", unit: "ug/m3" },
        { column: "o3_8h_max", metric: "o3_8h_max", unit: "ppm" },
        { column: "no2_1h_max", metric: "no2_1h_max", unit: "ppb" },
        { column: "so2_1h_max", metric: "so2_1h_max", unit: "ppb" },
      ],
    },
  });
  bareCity = (await ensureAsset(handle.db, { slug: "bare-city", name: "Bare City", kind: "city", timezone: "UTC" })).id;
  ticker = (await ensureAsset(handle.db, { slug: "tick", name: "Tick", kind: "ticker", timezone: "UTC" })).id;
});
afterAll(async () => handle?.close());

const index = (r: Awaited<ReturnType<typeof getCityAqi>>, metric: string) => r.subIndices.find((s) => s.metric === metric)?.index;

describe("getCityAqi", () => {
  it("China HJ 633: 24-h means and the day's O3 maxima, rounded up; PM2.5 primary", async () => {
    const r = await getCityAqi(handle.db, { assetId: dongsi, standard: "china", date: DAY });
    expect(r.date).toBe("2014-01-15");
    // PM2.5 180.1 → 200 + 100/100 × 30.1 = 230.1 → 231; PM10 199.5 → 124.75 → 125; SO2 81.1 → 65.55 → 66;
    // NO2 93.3 → 106.65 → 107; CO 2779.2 µg/m³ = 2.7792 mg/m³ → 69.48 → 70; O3 8-h 21.5 → 10.75 → 11; 1-h 28 → 8.75 → 9.
    expect(Object.fromEntries(r.subIndices.map((s) => [s.metric, s.index]))).toEqual({ pm25: 231, pm10: 125, so2: 66, no2: 107, co: 70, o3_8h_max: 11, o3_1h_max: 9 });
    expect(r.subIndices.find((s) => s.metric === "co")).toMatchObject({ unit: "mg/m³", concentration: 2.7792 });
    expect(r).toMatchObject({ aqi: 231, beyondIndex: false, primary: [{ pollutant: "pm25", averaging: "24h" }] });
    expect(r.category).toMatchObject({ level: 5, name: { zh: "重度污染" }, color: "#99004C" });
    expect(r.category?.generalPublic?.zh).toBe("一般人群减少户外运动");
  });

  it("US EPA: 24-h PM, 1-h NO2/SO2 and 8-h CO/O3 maxima converted to ppb/ppm at 25 °C, truncated", async () => {
    const r = await getCityAqi(handle.db, { assetId: dongsi, standard: "epa", date: DAY });
    // PM2.5 180.1 → 99/99.9 × 54.6 + 201 = 255.1 → 255; PM10 199 → 49/99 × 44 + 101 = 122.8 → 123;
    // NO2 151 µg/m³ = 80.25 ppb → 80 → 49/46 × 26 + 51 = 78.7 → 79; SO2 171 µg/m³ = 65.3 ppb → 65 → 49/39 × 29 + 51 = 87.4 → 87;
    // CO 4075 µg/m³ = 3.557 ppm → 3.5 → 50/4.4 × 3.5 = 39.8 → 40; O3 8-h 21.5 µg/m³ = 0.0109 ppm → 0.010 → 9.3 → 9.
    expect(Object.fromEntries(r.subIndices.map((s) => [s.metric, s.index]))).toEqual({ pm25: 255, pm10: 123, no2_1h_max: 79, so2_1h_max: 87, co_8h_max: 40, o3_8h_max: 9 });
    expect(r.subIndices.find((s) => s.metric === "no2_1h_max")).toMatchObject({ unit: "ppb", concentration: 80 });
    expect(r).toMatchObject({ aqi: 255, primary: [{ pollutant: "pm25", averaging: "24h" }] });
    expect(r.category).toMatchObject({ level: 5, name: { en: "Very Unhealthy" }, color: "#8F3F97" });
    // 1-h O3 of 0.014 ppm is below the 1-h table (it starts at 0.125 ppm): skipped with the reason.
    expect(r.skipped).toEqual([{ metric: "o3_1h_max", reason: expect.stringMatching(/below 0.125 ppm/) }]);
  });

  it("defaults to the latest day and answers through the tRPC procedure", async () => {
    const [viewer] = await handle.db
      .insert(users)
      .values({ email: "viewer@test.local", role: "viewer", passwordHash: null })
      .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
    await expect(createCaller({ db: handle.db, user: null }).air.cityAqi({ assetId: dongsi })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const caller = createCaller({ db: handle.db, user: viewer });
    await expect(caller.air.cityAqi({ assetId: ticker })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/city assets/) });
    const r = await caller.air.cityAqi({ assetId: dongsi });
    expect(r.standard).toBe("epa");
    expect(r.date).toBe("2016-02-29");
    expect(r.aqi).toBeGreaterThan(0);
    expect(r.category?.level).toBe(Math.min(6, [50, 100, 150, 200, 300, Infinity].findIndex((hi) => r.aqi! <= hi) + 1));
  });

  it("takes units as the series declare them (µg/m³, ppm, ppb) and reports a day with some gaps", async () => {
    const latest = await getCityAqi(handle.db, { assetId: ppbCity, standard: "epa" });
    // O3 0.075 ppm 8-h → 49/0.014 × 0.004 + 101 = 115; NO2 120 ppb → 49/259 × 19 + 101 = 104.6 → 105;
    // SO2 400 ppb 1-h with no 24-h value: not defined, skipped; PM2.5 5.0 → 27.8 → 28.
    expect(latest).toMatchObject({ date: "2024-06-02", aqi: 115, primary: [{ pollutant: "o3", averaging: "8h" }] });
    expect(index(latest, "no2_1h_max")).toBe(105);
    expect(index(latest, "pm25")).toBe(28);
    expect(latest.skipped).toEqual([{ metric: "so2_1h_max", reason: expect.stringMatching(/24-h value/) }]);
    const first = await getCityAqi(handle.db, { assetId: ppbCity, standard: "epa", date: new Date("2024-06-01T00:00:00Z") });
    expect(first).toMatchObject({ aqi: 56, primary: [{ pollutant: "pm25" }] }); // 12.0 → 49/26.3 × 2.9 + 51 = 56.4
    expect(first.skipped.map((s) => s.reason)).toEqual(["no reading that day", "no reading that day", "no reading that day"]);
  });

  it("answers null for a city without pollutant series, and refuses a non-city or unknown asset", async () => {
    expect(await getCityAqi(handle.db, { assetId: bareCity, standard: "china" })).toMatchObject({ date: null, aqi: null, category: null, subIndices: [] });
    await expect(getCityAqi(handle.db, { assetId: ticker })).rejects.toMatchObject({ name: "ValidationError", field: "assetId" });
    await expect(getCityAqi(handle.db, { assetId: "00000000-0000-4000-8000-00000000abcd" })).rejects.toMatchObject({ name: "NotFoundError" });
    await expect(getCityAqi(handle.db, { assetId: dongsi, standard: "who" as never })).rejects.toMatchObject({ name: "ValidationError", field: "standard" });
  });
});
