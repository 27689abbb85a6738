import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { getAsset, listSeries, readObservations } from "@/server/assets";
import { seedDemo } from "./seed-demo";

describe("seedDemo", () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => handle?.close());

  it("loads every demo asset through the CSV import, then skips on a second run", async () => {
    const first = await seedDemo(handle.db);
    expect(first.map((r) => [r.asset, r.skipped, r.series])).toEqual([
      ["ew-demand", false, 1],
      ["ttrc", false, 5],
      ["new-york", false, 4],
      ["seattle", false, 4],
      ...["aotizhongxin", "changping", "dingling", "dongsi", "guanyuan", "gucheng", "huairou", "nongzhanguan", "shunyi", "tiantan", "wanliu", "wanshouxigong"].map((s) => [`beijing-${s}`, false, 16]),
      ...["aapl", "amzn", "googl", "meta", "msft", "nvda", "tsla"].map((t) => [t, false, 5]),
    ]);
    const demand = await getAsset(handle.db, { idOrSlug: "ew-demand" });
    expect(demand).toMatchObject({ kind: "meter", timezone: "Europe/London" });
    const [s] = await listSeries(handle.db, { assetId: demand.id });
    expect(s).toMatchObject({ metric: "demand_mw", unit: "MW", points: 4032, frequency: "30m", source: "seed" });
    const ny = await listSeries(handle.db, { assetId: (await getAsset(handle.db, { idOrSlug: "new-york" })).id });
    // airquality has gaps (NA): ozone 116 of 153 days, solar radiation 146.
    expect(Object.fromEntries(ny.map((x) => [x.metric, x.points]))).toEqual({ ozone_ppb: 116, solar_radiation: 146, temp_f: 153, wind_mph: 153 });
    const ttrc = await listSeries(handle.db, { assetId: (await getAsset(handle.db, { idOrSlug: "ttrc" })).id });
    expect(ttrc.map((x) => [x.metric, x.points, x.frequency])).toContainEqual(["close", 5550, "1d"]);
    expect(ttrc.find((x) => x.metric === "close")?.firstTs?.toISOString()).toBe("1985-01-02T00:00:00.000Z");
    const aapl = await listSeries(handle.db, { assetId: (await getAsset(handle.db, { idOrSlug: "aapl" })).id });
    expect(aapl.map((x) => [x.metric, x.points]).sort()).toEqual([["close", 2518], ["high", 2518], ["low", 2518], ["open", 2518], ["volume", 2518]]);

    // One Beijing site: a city in Shanghai's zone, 16 daily series over 1,096 days, values as the script made them.
    const dongsi = await getAsset(handle.db, { idOrSlug: "beijing-dongsi" });
    expect(dongsi).toMatchObject({ kind: "city", timezone: "Asia/Shanghai", lat: null, lon: null });
    const ds = await listSeries(handle.db, { assetId: dongsi.id });
    expect(ds.map((x) => x.metric).sort()).toEqual(
      ["co", "co_8h_max", "dewp_c", "no2", "no2_1h_max", "o3", "o3_1h_max", "o3_8h_max", "pm10", "pm25", "pres_hpa", "rain_mm", "so2", "so2_1h_max", "temp_c", "wspm_mps"],
    );
    const pm25 = ds.find((x) => x.metric === "pm25")!;
    expect(pm25).toMatchObject({ unit: "µg/m³", frequency: "1d", source: "seed" });
    expect(pm25.points).toBeLessThanOrEqual(1096);
    expect(pm25.points).toBeGreaterThan(1000);
    expect([pm25.firstTs?.toISOString(), pm25.lastTs?.toISOString()]).toEqual(["2013-03-01T00:00:00.000Z", "2016-02-29T00:00:00.000Z"]);
    expect(ds.find((x) => x.metric === "temp_c")).toMatchObject({ unit: "°C" });
    // Dongsi 2014-01-15: PM2.5 24-h mean 180.1 µg/m³ and the day's largest 1-h NO2, 151 (checked against the hourly file).
    const [day] = await readObservations(handle.db, { seriesId: pm25.id, from: new Date("2014-01-15T00:00:00Z"), to: new Date("2014-01-16T00:00:00Z") });
    expect(day.value).toBeCloseTo(180.1, 6);
    const no2max = ds.find((x) => x.metric === "no2_1h_max")!;
    const [n] = await readObservations(handle.db, { seriesId: no2max.id, from: new Date("2014-01-15T00:00:00Z"), to: new Date("2014-01-16T00:00:00Z") });
    expect(n.value).toBe(151);

    const second = await seedDemo(handle.db);
    expect(second.every((r) => r.skipped)).toBe(true);
  });
});
