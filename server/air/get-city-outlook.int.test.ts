/**
 * getCityOutlook on a real (test) database: a city with daily PM2.5 (µg/m³) and NO2 (ppb) series whose models
 * have served forecasts with 80 / 95 % bounds (written as the forecast refresh writes them), a GBDT version whose
 * feature spec reads future weather, a city without forecasts and a ticker.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { createFeatureSpec } from "@/ml/features/spec";
import { normalCdf, zForLevel } from "@/ml/stats/normal";
import { ensureAsset, listSeries } from "@/server/assets";
import { createMemoryCache } from "@/server/cache";
import { insertForecast } from "@/server/forecasts/stored-forecasts";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";
import { versionEvidence } from "@/server/testing/authz-kit";
import { createCaller } from "@/server/trpc/root";
import { getCityOutlook, outlookMetrics } from "./get-city-outlook";

const DAY = 86_400_000;
const ORIGIN = Date.UTC(2024, 0, 10);
let handle: DbHandle;
let city: string;
let bare: string;
let ticker: string;
const cache = createMemoryCache();

/** Normal bounds around `mean` with standard deviation `sd`, as stored forecast points carry them. */
const point = (day: number, mean: number, sd: number) => ({
  ts: new Date(ORIGIN + day * DAY).toISOString(),
  mean,
  lower: { "80": mean - zForLevel(80) * sd, "95": mean - zForLevel(95) * sd },
  upper: { "80": mean + zForLevel(80) * sd, "95": mean + zForLevel(95) * sd },
});

async function servedModel(metric: string, points: ReturnType<typeof point>[], featureSpec: object) {
  const s = (await listSeries(handle.db, { assetId: city })).find((x) => x.metric === metric)!;
  const model = await ensureModel(handle.db, { assetId: city, seriesId: s.id, metric, horizon: 7, frequency: "1d", seasonLengths: [7] });
  const v = await createVersion(handle.db, { modelId: model.id, algorithm: "gbdt", codeVersion: "test" });
  await completeVersion(handle.db, { versionId: v.id, ...versionEvidence(s.id), algorithm: "gbdt", featureSpec: featureSpec as never, promoteIfNoChampion: true });
  await insertForecast(handle.db, { modelId: model.id, modelVersionId: v.id, originTs: new Date(ORIGIN), stepMs: DAY, horizon: 7, levels: [80, 95], points });
}

beforeAll(async () => {
  handle = await createTestDb();
  city = (await ensureAsset(handle.db, { slug: "outlook-city", name: "Outlook City", kind: "city", timezone: "UTC" })).id;
  const days = Array.from({ length: 10 }, (_, i) => ORIGIN - (9 - i) * DAY);
  await ingestBatch(handle.db, {
    assetId: city,
    source: "test",
    series: [
      { metric: "pm25", unit: "µg/m³", points: days.map((tsMs, i) => ({ tsMs, value: 30 + i })) },
      { metric: "no2", unit: "ppb", points: days.map((tsMs, i) => ({ tsMs, value: 20 + i })) },
      { metric: "temp_c", unit: "°C", points: days.map((tsMs, i) => ({ tsMs, value: i })) },
    ],
  });
  const spec = createFeatureSpec({ strategy: "direct", seasonLengths: [7], horizon: 7, futureCovariates: ["temp_c"] });
  // PM2.5: 40 µg/m³ (EPA AQI 112, China IAQI 57) rising 10 a day, sd 8.
  await servedModel("pm25", Array.from({ length: 7 }, (_, d) => point(d + 1, 40 + 10 * d, 8)), spec);
  // NO2 in ppb: 60 ppb ≈ 112.9 µg/m³ (China IAQI 133 on day 1): higher than PM2.5's on the first day.
  await servedModel("no2", Array.from({ length: 7 }, (_, d) => point(d + 1, 60, 5)), {});
  bare = (await ensureAsset(handle.db, { slug: "outlook-bare", name: "Bare", kind: "city", timezone: "UTC" })).id;
  ticker = (await ensureAsset(handle.db, { slug: "outlook-tick", name: "Tick", kind: "ticker", timezone: "UTC" })).id;
});
afterAll(async () => handle?.close());

describe("getCityOutlook", () => {
  it("EPA: PM2.5 only (EPA has no 24-h NO2 table); AQI of the median, its category, P(next category)", async () => {
    expect(outlookMetrics("epa").map((m) => m.metric)).toEqual(["pm25", "pm10"]);
    const r = await getCityOutlook({ db: handle.db, cache }, { assetId: city, standard: "epa" });
    expect(r.days.map((d) => d.date)).toEqual(Array.from({ length: 7 }, (_, d) => new Date(ORIGIN + (d + 1) * DAY).toISOString().slice(0, 10)));
    const d1 = r.days[0];
    expect(d1.aqi).toBe(112);
    expect(d1.category?.level).toBe(3);
    expect(d1.primary).toEqual(["pm25"]);
    expect(d1.nextLevel).toBe(4);
    // Level 4 starts above 55.4 µg/m³: P = 1 − Φ((55.4 − 40) / 8).
    expect(d1.pExceedNext).toBeCloseTo(1 - normalCdf((55.4 - 40) / 8), 6);
    expect(d1.pollutants.map((p) => p.metric)).toEqual(["pm25"]);
    // Rising forecasts: later days are no lower.
    for (let i = 1; i < r.days.length; i++) expect(r.days[i].aqi!).toBeGreaterThanOrEqual(r.days[i - 1].aqi!);
    expect(r.sources.find((s) => s.metric === "pm25")?.covariates.future).toEqual(["temp_c"]);
    expect(r.weatherNote).toMatch(/observed weather stands in/);
  });

  it("China: NO2 in ppb converted to µg/m³ and the larger sub-index wins the day", async () => {
    const r = await getCityOutlook({ db: handle.db, cache }, { assetId: city, standard: "china", days: 3 });
    expect(r.days).toHaveLength(3);
    const d1 = r.days[0];
    const no2 = d1.pollutants.find((p) => p.metric === "no2")!;
    expect(no2.unit).toBe("µg/m³");
    expect(no2.medianConcentration).toBeCloseTo(60 * (46.0055 / 24.45), 1);
    expect(d1.primary).toEqual(["no2"]);
    expect(d1.aqi).toBe(no2.aqi);
    expect(d1.category?.level).toBe(3);
    // P(day reaches level 4) is the larger of the pollutants' probabilities (a lower bound).
    expect(d1.pExceedNext).toBe(Math.max(...d1.pollutants.map((p) => p.pExceedNext ?? 0)));
    for (const p of d1.pollutants) for (let i = 1; i < p.boundaries.length; i++) expect(p.boundaries[i].probability).toBeLessThanOrEqual(p.boundaries[i - 1].probability);
  });

  it("a city without served forecasts gets no days; a ticker and bad input are field errors", async () => {
    const r = await getCityOutlook({ db: handle.db, cache }, { assetId: bare });
    expect(r.days).toEqual([]);
    expect(r.weatherNote).toMatch(/No weather covariates/);
    await expect(getCityOutlook({ db: handle.db, cache }, { assetId: ticker })).rejects.toMatchObject({ field: "assetId" });
    await expect(getCityOutlook({ db: handle.db, cache }, { assetId: city, days: 40 })).rejects.toMatchObject({ field: "days" });
  });

  it("through tRPC for a viewer", async () => {
    const [viewer] = await handle.db
      .insert(users)
      .values({ email: "outlook-viewer@test.local", role: "viewer", passwordHash: null })
      .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
    await expect(createCaller({ db: handle.db, user: null }).air.cityOutlook({ assetId: city })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const caller = createCaller({ db: handle.db, user: viewer });
    const r = await caller.air.cityOutlook({ assetId: city, standard: "epa" });
    expect(r.days[0].aqi).toBe(112);
  });
});
