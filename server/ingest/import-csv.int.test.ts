import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, count, eq, isNull } from "drizzle-orm";
import { createTestDb } from "@/db/testing";
import { assets, ingestRuns, observations, series } from "@/db/schema";
import { createAsset, findAsset } from "@/server/assets";
import { ValidationError } from "@/server/http/errors";
import { importCsv } from "./import-csv";

const DEMAND = path.resolve("data/demo/taylor-england-wales-demand-half-hourly.csv");

describe("importCsv", () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    handle = await createTestDb();
    await createAsset(handle.db, { slug: "grid", name: "Grid", kind: "meter", timezone: "Europe/London" });
    await createAsset(handle.db, { slug: "town", name: "Town", kind: "city", timezone: "America/New_York" });
  });
  afterAll(async () => handle?.close());

  const valuesOf = async (slugMetric: string) => {
    const [s] = await handle.db.select().from(series).where(eq(series.metric, slugMetric));
    return handle.db.select().from(observations).where(eq(observations.seriesId, s.id)).orderBy(asc(observations.ts));
  };

  it("imports the 4,032-row demand file (streamed) and a re-import changes nothing", async () => {
    const r = await importCsv(handle.db, {
      asset: "grid",
      input: readFileSync(DEMAND),
      options: { metrics: [{ column: "demand_mw", unit: "MW" }] },
    });
    expect(r).toMatchObject({ rowsRead: 4032, rowsAccepted: 4032, rowsInserted: 4032 });
    const again = await importCsv(handle.db, { asset: "grid", input: readFileSync(DEMAND).toString("utf8") });
    expect(again).toMatchObject({ rowsAccepted: 4032, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 4032 });
    const pts = await valuesOf("demand_mw");
    expect(pts.length).toBe(4032);
    expect(pts[0]).toMatchObject({ value: 22262 });
    expect(pts[0].ts.toISOString()).toBe("2000-06-05T00:00:00.000Z");
    const [s] = await handle.db.select().from(series).where(eq(series.metric, "demand_mw"));
    expect(s).toMatchObject({ unit: "MW", frequency: "30m", source: "csv" });
  });

  it("reads wide files with naive local times, epoch columns, overrides and missing cells", async () => {
    const csv = [
      "when;Temp (°F);rain;label",
      "2024-03-10 01:00;40;NA;dry",
      "2024-03-10 03:00;42.5;;wet",
      "2024-03-10 04:00;-1e1;0.2;wet",
    ].join("\n");
    const r = await importCsv(handle.db, {
      asset: "town",
      input: csv,
      options: { delimiter: ";", timestampColumn: "when", ignoreColumns: ["label"], metrics: undefined },
    });
    expect(r).toMatchObject({ rowsRead: 3, rowsInserted: 4, cellsMissing: 2 });
    const temp = await valuesOf("temp_f");
    // New York switches to EDT at 02:00 on 2024-03-10: 01:00 EST = 06:00Z, 03:00 EDT = 07:00Z.
    expect(temp.map((p) => [p.ts.toISOString(), p.value])).toEqual([
      ["2024-03-10T06:00:00.000Z", 40],
      ["2024-03-10T07:00:00.000Z", 42.5],
      ["2024-03-10T08:00:00.000Z", -10],
    ]);
    const epoch = await importCsv(handle.db, {
      asset: "town",
      input: "t,x\n1700000000000,1\n1700000060000,2\n",
      options: { timestampFormat: "epoch_ms", metrics: [{ column: "x", metric: "pressure", unit: "hPa" }] },
    });
    expect(epoch.series.map((s) => s.metric)).toEqual(["pressure"]);
    expect((await valuesOf("pressure")).map((p) => p.ts.toISOString())).toEqual(["2023-11-14T22:13:20.000Z", "2023-11-14T22:14:20.000Z"]);
  });

  it("a file with one bad row stores nothing and names the row and column", async () => {
    const good = readFileSync(DEMAND, "utf8").split("\n").slice(0, 3001);
    const rows = [...good.slice(0, 2501), "2000-07-27T02:00:00Z,12x4", ...good.slice(2501)];
    const obsBefore = (await handle.db.select({ n: count() }).from(observations))[0].n;
    const seriesBefore = (await handle.db.select({ n: count() }).from(series))[0].n;
    // A new asset: its series would be created by this import, and must not be.
    await createAsset(handle.db, { slug: "grid-2", name: "Grid 2", kind: "meter" });
    const error = await importCsv(handle.db, { asset: "grid-2", input: rows.join("\n") }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ row: 2501, column: "demand_mw" });
    expect(error.message).toMatch(/row 2501, column "demand_mw": "12x4" is not a number/);
    expect((await handle.db.select({ n: count() }).from(observations))[0].n).toBe(obsBefore);
    expect((await handle.db.select({ n: count() }).from(series))[0].n).toBe(seriesBefore);
    const [run] = await handle.db.select().from(ingestRuns).where(and(eq(ingestRuns.status, "failed"), eq(ingestRuns.source, "csv")));
    expect(run).toMatchObject({ rowsAccepted: 0, rowsRejected: 2501 });
    expect(run.error).toMatchObject({ row: 2501, column: "demand_mw" });
  });

  it("names bad timestamps, unknown columns, ragged rows and bad zones", async () => {
    await expect(importCsv(handle.db, { asset: "town", input: "date,v\n2024-01-01,1\n2024-02-30,2\n" })).rejects.toMatchObject({
      row: 2,
      column: "date",
      message: expect.stringMatching(/day 30 does not exist/),
    });
    await expect(importCsv(handle.db, { asset: "town", input: "date,v\n", options: { timestampColumn: "time" } })).rejects.toMatchObject({
      field: "timestampColumn",
    });
    await expect(importCsv(handle.db, { asset: "town", input: "date,v\n2024-01-01,1,3\n" })).rejects.toMatchObject({
      field: "csv",
      row: 1,
    });
    await expect(importCsv(handle.db, { asset: "town", input: "date,v\n", options: { timezone: "Nowhere/City" } })).rejects.toMatchObject({
      field: "timezone",
    });
    await expect(
      importCsv(handle.db, { asset: "town", input: "date,v\n2024-01-01,\n", options: { skipMissing: false } }),
    ).rejects.toMatchObject({ row: 1, column: "v", message: expect.stringMatching(/missing/) });
    await expect(importCsv(handle.db, { asset: "nowhere", input: "date,v\n" })).rejects.toMatchObject({ status: 404 });
  });

  it("creates a new asset in the import's transaction: with its data on success, not at all for a refused file", async () => {
    const newAsset = { name: "Fresh", kind: "meter" as const, timezone: "Asia/Tokyo" };
    const refused = importCsv(handle.db, { asset: "fresh", newAsset, input: "time,v\n2024-01-01T00:00,1\n2024-01-01T01:00,x\n" });
    await expect(refused).rejects.toMatchObject({ row: 2, column: "v" });
    expect(await findAsset(handle.db, { idOrSlug: "fresh" })).toBeUndefined();
    // The failed run is still recorded, without the asset that was never created.
    const failed = await handle.db.select().from(ingestRuns).where(and(eq(ingestRuns.status, "failed"), isNull(ingestRuns.assetId)));
    expect(failed).toHaveLength(1);
    expect(failed[0].error).toMatchObject({ row: 2, column: "v" });

    const r = await importCsv(handle.db, { asset: "fresh", newAsset, input: "time,v\n2024-01-01T00:00,1\n" });
    const asset = await findAsset(handle.db, { idOrSlug: "fresh" });
    expect(asset).toMatchObject({ name: "Fresh", timezone: "Asia/Tokyo" });
    expect(r).toMatchObject({ assetId: asset!.id, rowsInserted: 1 });
    // The naive timestamp is read in the new asset's zone.
    expect((await valuesOf("v"))[0].ts.toISOString()).toBe("2023-12-31T15:00:00.000Z");
    // An existing asset is used as it is; newAsset only applies when the slug is free.
    await importCsv(handle.db, { asset: "fresh", newAsset: { ...newAsset, name: "Other" }, input: "time,v\n2024-01-01T02:00,2\n" });
    expect(await handle.db.select({ n: count() }).from(assets).where(eq(assets.slug, "fresh"))).toEqual([{ n: 1 }]);
    expect((await findAsset(handle.db, { idOrSlug: "fresh" }))!.name).toBe("Fresh");
  });
});
