import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { DbHandle } from "@/db/client";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { compareAssets } from "./compare-assets";
import { ensureAsset } from "./ensure-asset";

let handle: DbHandle;
const day = (i: number) => Date.UTC(2024, 0, 1 + i);

beforeAll(async () => {
  handle = await createTestDb();
  for (const [slug, base] of [["city-a", 10], ["city-b", 50], ["city-c", 30]] as const) {
    const a = await ensureAsset(handle.db, { slug, name: slug.toUpperCase(), kind: "city" });
    const series = [{ metric: "pm25", unit: "µg/m³", points: Array.from({ length: 40 }, (_, i) => ({ tsMs: day(i), value: base + (i % 5) })) }];
    if (slug !== "city-c") series.push({ metric: "no2", unit: "µg/m³", points: [{ tsMs: day(0), value: 1 }, { tsMs: day(1), value: 2 }] });
    await ingestBatch(handle.db, { assetId: a.id, source: "test", series });
  }
});
afterAll(async () => handle?.close());

describe("compareAssets", () => {
  it("puts each asset's series of the metric on one range, reduced for the chart, with exact stats", async () => {
    const r = await compareAssets(handle.db, { assets: ["city-a", "city-b", "city-c"], metric: "pm25", from: new Date(day(10)), to: new Date(day(30)), maxPoints: 8 });
    expect(r.metrics).toEqual(["pm25"]);
    expect(r.assets.map((a) => a.asset.slug)).toEqual(["city-a", "city-b", "city-c"]);
    const b = r.assets[1];
    expect(b.totalPoints).toBe(20);
    expect(b.points).toHaveLength(8);
    // Stats from every observation in range, not the reduced points: days 10..29 of base + (i mod 5).
    expect(b.stats).toMatchObject({ count: 20, min: 50, max: 54, mean: 52 });
    expect(b.stats.latest).toEqual({ ts: new Date(day(29)), value: 54 });
  });

  it("defaults to a metric all have; names what is missing; counts one asset named twice once", async () => {
    expect((await compareAssets(handle.db, { assets: ["city-a", "city-b"], maxPoints: 100 })).metrics).toEqual(["no2", "pm25"]);
    await expect(compareAssets(handle.db, { assets: ["city-a", "city-c"], metric: "no2", maxPoints: 100 })).rejects.toMatchObject({ field: "metric", message: expect.stringContaining('city-c has no series "no2"') });
    await expect(compareAssets(handle.db, { assets: ["city-a", "nowhere"], maxPoints: 100 })).rejects.toMatchObject({ name: "NotFoundError" });
    const a = (await compareAssets(handle.db, { assets: ["city-a", "city-a"], maxPoints: 100 })).assets;
    expect(a).toHaveLength(1);
  });
});
