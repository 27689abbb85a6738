import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { getAsset, listSeries } from "@/server/assets";
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

    const second = await seedDemo(handle.db);
    expect(second.every((r) => r.skipped)).toBe(true);
  });
});
