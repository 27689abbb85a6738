import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "drizzle-orm/logger";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { observations, series } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { listAssetSummaries } from "./list-asset-summaries";
import { createAsset, listAssets, listSeries } from ".";

const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

/** A second Drizzle instance on the test database's own connection that counts the statements it sends. */
async function countingDb(handle: Awaited<ReturnType<typeof createTestDb>>): Promise<{ db: Db; statements: string[] }> {
  const statements: string[] = [];
  const logger: Logger = { logQuery: (query) => void statements.push(query) };
  const client = (handle.db as unknown as { $client: unknown }).$client;
  const options = { schema, casing: "snake_case" as const, logger };
  if (handle.driver === "postgres") {
    const { drizzle } = await import("drizzle-orm/postgres-js");
    return { db: drizzle(client as never, options) as unknown as Db, statements };
  }
  const { drizzle } = await import("drizzle-orm/pglite");
  return { db: drizzle(client as never, options) as unknown as Db, statements };
}

/** Creates an asset with series holding `pointsPerSeries[i]` hourly points each, the k-th starting `offsetsH[i]` hours after T0. */
async function assetWithSeries(
  db: Db,
  slug: string,
  kind: "city" | "meter" | "ticker",
  pointsPerSeries: number[],
  offsetsH: number[] = pointsPerSeries.map(() => 0),
) {
  const asset = await createAsset(db, { slug, name: slug.toUpperCase(), kind, timezone: "Europe/London" });
  for (const [i, n] of pointsPerSeries.entries()) {
    const [s] = await db.insert(series).values({ assetId: asset.id, metric: `m${i}` }).returning();
    if (n) {
      await db
        .insert(observations)
        .values(Array.from({ length: n }, (_, k) => ({ seriesId: s.id, ts: new Date(T0 + (offsetsH[i] + k) * HOUR_MS), value: k })));
    }
  }
  return asset;
}

describe("listAssetSummaries", () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => handle?.close());

  it("sums series and points and finds the latest observation per asset, including assets with no series or no points", async () => {
    const bare = await createAsset(handle.db, { slug: "a-bare", name: "Bare", kind: "city" });
    // One series with 3 points (last at T0+2h) and one still empty.
    await assetWithSeries(handle.db, "b-two", "meter", [3, 0]);
    // Three series; the latest point is in the middle one: offsets 0, 10, 1 with 1, 5, 2 points → last at T0+14h.
    await assetWithSeries(handle.db, "c-three", "ticker", [1, 5, 2], [0, 10, 1]);
    // A series that exists with no observations at all.
    await assetWithSeries(handle.db, "d-empty-series", "meter", [0]);

    const list = await listAssetSummaries(handle.db);
    expect(list.map((a) => [a.slug, a.seriesCount, a.points, a.lastObservationAt?.toISOString() ?? null])).toEqual([
      ["a-bare", 0, 0, null],
      ["b-two", 2, 3, new Date(T0 + 2 * HOUR_MS).toISOString()],
      ["c-three", 3, 8, new Date(T0 + 14 * HOUR_MS).toISOString()],
      ["d-empty-series", 1, 0, null],
    ]);
    // The asset's own columns come through as stored.
    expect(list[0]).toMatchObject({ id: bare.id, name: "Bare", kind: "city", timezone: "UTC" });
    expect(list[1]).toMatchObject({ name: "B-TWO", kind: "meter", timezone: "Europe/London" });
    expect(typeof list[2].points).toBe("number");

    expect((await listAssetSummaries(handle.db, { kind: "meter" })).map((a) => a.slug)).toEqual(["b-two", "d-empty-series"]);
    expect((await listAssetSummaries(handle.db, { ids: [bare.id] })).map((a) => a.slug)).toEqual(["a-bare"]);
    expect(await listAssetSummaries(handle.db, { ids: [] })).toEqual([]);
  });

  it("sends one statement however many assets there are", async () => {
    const { db, statements } = await countingDb(handle);
    const before = await listAssetSummaries(db);
    expect(before.length).toBeGreaterThan(0);
    expect(statements).toHaveLength(1);

    for (let i = 0; i < 6; i++) await assetWithSeries(handle.db, `more-${i}`, "city", [2, 1]);
    statements.length = 0;
    const after = await listAssetSummaries(db);
    expect(after).toHaveLength(before.length + 6);
    expect(after.find((a) => a.slug === "more-5")).toMatchObject({ seriesCount: 2, points: 3 });
    expect(statements).toHaveLength(1);

    // The counter sees every statement: asking per asset, as the list once did, costs 1 + N.
    statements.length = 0;
    for (const a of await listAssets(db)) await listSeries(db, { assetId: a.id });
    expect(statements).toHaveLength(1 + after.length);
  });
});
