import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { observations, series } from "@/db/schema";
import { NotFoundError, ValidationError } from "@/server/http/errors";
import { createAsset, ensureAsset, getAsset, listAssets, listSeries, readObservations } from ".";

describe("asset queries", () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => handle?.close());

  it("creates, finds by uuid or slug, and refuses a duplicate slug", async () => {
    const a = await createAsset(handle.db, { slug: "plant-1", name: "Plant 1", kind: "meter", timezone: "Europe/London" });
    expect((await getAsset(handle.db, { idOrSlug: a.id })).slug).toBe("plant-1");
    expect((await getAsset(handle.db, { idOrSlug: "plant-1" })).id).toBe(a.id);
    await expect(createAsset(handle.db, { slug: "plant-1", name: "again", kind: "meter" })).rejects.toBeInstanceOf(ValidationError);
    await expect(getAsset(handle.db, { idOrSlug: "nope" })).rejects.toBeInstanceOf(NotFoundError);
    expect((await ensureAsset(handle.db, { slug: "plant-1", name: "x", kind: "city" })).id).toBe(a.id);
  });

  it("rejects an unknown time zone and a bad slug with the field named", async () => {
    await expect(createAsset(handle.db, { slug: "ok", name: "x", kind: "city", timezone: "Mars/Olympus" })).rejects.toMatchObject({
      field: "timezone",
    });
    await expect(createAsset(handle.db, { slug: "Bad Slug", name: "x", kind: "city" })).rejects.toMatchObject({ field: "slug" });
  });

  it("lists series with counts and reads observations in [from, to)", async () => {
    const a = await createAsset(handle.db, { slug: "city-a", name: "City A", kind: "city" });
    const [s] = await handle.db.insert(series).values({ assetId: a.id, metric: "temp_c", unit: "C" }).returning();
    await handle.db.insert(series).values({ assetId: a.id, metric: "empty" });
    const t0 = Date.UTC(2024, 0, 1);
    await handle.db
      .insert(observations)
      .values([0, 1, 2, 3].map((i) => ({ seriesId: s.id, ts: new Date(t0 + i * 3_600_000), value: i * 1.5 })));
    const list = await listSeries(handle.db, { assetId: a.id });
    expect(list.map((x) => [x.metric, x.points])).toEqual([
      ["empty", 0],
      ["temp_c", 4],
    ]);
    expect(list[1].firstTs?.toISOString()).toBe("2024-01-01T00:00:00.000Z");
    expect(list[1].lastTs?.toISOString()).toBe("2024-01-01T03:00:00.000Z");
    const pts = await readObservations(handle.db, {
      seriesId: s.id,
      from: new Date(t0 + 3_600_000),
      to: "2024-01-01T03:00:00Z",
    });
    expect(pts.map((p) => p.value)).toEqual([1.5, 3]);
    await expect(readObservations(handle.db, { seriesId: s.id, from: "2024-02-01", to: "2024-01-01" })).rejects.toMatchObject({
      field: "from",
    });
    expect((await listAssets(handle.db, { ids: [a.id] })).map((x) => x.slug)).toEqual(["city-a"]);
    expect(await listAssets(handle.db, { ids: [] })).toEqual([]);
  });
});
