import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, count, eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing";
import { ingestRuns, observations, series } from "@/db/schema";
import { createAsset } from "@/server/assets";
import { ValidationError } from "@/server/http/errors";
import { ingestBatch, ingestPush } from "./ingest-batch";

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

describe("ingestBatch", () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let assetId: string;
  beforeAll(async () => {
    handle = await createTestDb();
    assetId = (await createAsset(handle.db, { slug: "meter-1", name: "Meter 1", kind: "meter" })).id;
  });
  afterAll(async () => handle?.close());

  const pointsOf = async (metric: string) => {
    const [s] = await handle.db.select().from(series).where(and(eq(series.assetId, assetId), eq(series.metric, metric)));
    if (!s) return [];
    return handle.db
      .select({ ts: observations.ts, value: observations.value, quality: observations.quality })
      .from(observations)
      .where(eq(observations.seriesId, s.id))
      .orderBy(asc(observations.ts));
  };

  it("creates the series on first sight and re-ingesting the same batch changes nothing", async () => {
    const batch = [{ metric: "power_kw", unit: "kW", points: [0, 1, 2, 3, 4].map((i) => ({ tsMs: T0 + i * HOUR, value: i * 0.1 })) }];
    const first = await ingestBatch(handle.db, { assetId, source: "test", series: batch });
    expect(first).toMatchObject({ rowsAccepted: 5, rowsInserted: 5, rowsUpdated: 0, rowsUnchanged: 0 });
    const before = await pointsOf("power_kw");

    const again = await ingestBatch(handle.db, { assetId, source: "test", series: batch });
    expect(again).toMatchObject({ rowsAccepted: 5, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 5 });
    expect(await pointsOf("power_kw")).toEqual(before);
    const [run] = await handle.db.select().from(ingestRuns).where(eq(ingestRuns.id, again.runId));
    expect(run).toMatchObject({ status: "succeeded", rowsAccepted: 5, rowsInserted: 0, rowsUpdated: 0, rowsRejected: 0 });
    const [s] = await handle.db.select().from(series).where(eq(series.id, first.series[0].seriesId));
    expect(s).toMatchObject({ metric: "power_kw", unit: "kW", source: "test" });
  });

  it("updates only points whose value or quality changed; the last duplicate in a batch wins", async () => {
    const r = await ingestBatch(handle.db, {
      assetId,
      source: "test",
      series: [
        {
          metric: "power_kw",
          points: [
            { tsMs: T0, value: 0 }, // unchanged
            { tsMs: T0 + HOUR, value: 0.1, quality: 1 }, // quality changed
            { tsMs: T0 + 2 * HOUR, value: 9 }, // value changed...
            { tsMs: T0 + 2 * HOUR, value: 7 }, // ...twice: last wins
            { tsMs: T0 + 10 * HOUR, value: 1 }, // new
          ],
        },
      ],
    });
    expect(r).toMatchObject({ rowsAccepted: 4, rowsInserted: 1, rowsUpdated: 2, rowsUnchanged: 1, duplicates: 1 });
    const pts = await pointsOf("power_kw");
    expect(pts.map((p) => [p.ts.getTime() - T0, p.value, p.quality])).toEqual([
      [0, 0, 0],
      [HOUR, 0.1, 1],
      [2 * HOUR, 7, 0],
      [3 * HOUR, 0.30000000000000004, 0],
      [4 * HOUR, 0.4, 0],
      [10 * HOUR, 1, 0],
    ]);
  });

  it("stores millisecond timestamps exactly across the whole calendar range", async () => {
    // (Years before 100 do not survive the drivers' read path: `new Date("0001-...")` reads as 2001.)
    const instants = ["1000-01-01T00:00:00.001Z", "1685-03-21T12:00:00.999Z", "1969-12-31T23:59:59.500Z", "2255-06-01T00:00:00.123Z", "9999-12-31T23:59:59.999Z"];
    await ingestBatch(handle.db, { assetId, source: "test", series: [{ metric: "edges", points: instants.map((t, i) => ({ tsMs: Date.parse(t), value: i })) }] });
    expect((await pointsOf("edges")).map((p) => p.ts.toISOString())).toEqual(instants);
  });

  it("loses no point when 8 overlapping batches race on one series", async () => {
    // Batch b covers hours [b*50, b*50+100): each hour is sent by one or two batches with the same value.
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 100 }, (_, i) => ({ tsMs: T0 + (b * 50 + i) * HOUR, value: b * 50 + i })),
    );
    const results = await Promise.all(
      batches.map((points) => ingestBatch(handle.db, { assetId, source: "race", series: [{ metric: "race", points }] })),
    );
    const pts = await pointsOf("race");
    expect(pts.length).toBe(7 * 50 + 100);
    expect(pts.every((p) => p.value === (p.ts.getTime() - T0) / HOUR)).toBe(true);
    expect(results.reduce((s, r) => s + r.rowsInserted, 0)).toBe(450);
    expect(new Set(results.map((r) => r.series[0].seriesId)).size).toBe(1);
  });

  it("concurrent wide batches over the same new series, listed in different orders, all land", async () => {
    const metrics = ["w_a", "w_b", "w_c", "w_d"];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, b) => {
        // Each writer names the metrics in a different rotation and overlaps its neighbours in time.
        const order = metrics.map((_, k) => metrics[(k + b) % metrics.length]);
        return ingestBatch(handle.db, {
          assetId,
          source: "race",
          series: order.map((metric) => ({
            metric,
            points: Array.from({ length: 50 }, (_, i) => ({ tsMs: T0 + (b * 25 + i) * HOUR, value: b * 25 + i })),
          })),
        });
      }),
    );
    expect(results.every((r) => r.series.length === 4)).toBe(true);
    for (const metric of metrics) {
      const pts = await pointsOf(metric);
      expect(pts.length).toBe(7 * 25 + 50);
      expect(pts.every((p) => p.value === (p.ts.getTime() - T0) / HOUR)).toBe(true);
    }
  });

  it("rejects a bad batch naming the field and row, stores nothing, and records a failed run", async () => {
    const runsBefore = (await handle.db.select({ n: count() }).from(ingestRuns))[0].n;
    const error = await ingestPush(handle.db, {
      assetId,
      metric: "bad",
      body: [
        { timestamp: "2024-01-01T00:00:00Z", value: 1 },
        { timestamp: "2024-01-01T01:00:00Z", value: "2" },
      ],
    }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: "[1].value", row: 2 });
    expect(await pointsOf("bad")).toEqual([]);
    const runs = await handle.db.select().from(ingestRuns).where(eq(ingestRuns.status, "failed"));
    expect(runs.length).toBe(1);
    expect(runs[0]).toMatchObject({ source: "rest", rowsAccepted: 0, rowsRejected: 2 });
    expect((runs[0].error as { field: string }).field).toBe("[1].value");
    expect((await handle.db.select({ n: count() }).from(ingestRuns))[0].n).toBe(runsBefore + 1);
  });

  it("accepts the three push shapes and skips null values", async () => {
    await ingestPush(handle.db, { assetId, metric: "a", body: [{ timestamp: "2024-01-01T00:00:00+01:00", value: 1 }] });
    await ingestPush(handle.db, {
      assetId,
      body: { metric: "b", unit: "V", points: [{ timestamp: 1_704_067_200, value: 2 }, { timestamp: 1_704_067_200_000 + HOUR, value: null }] },
    });
    const wide = await ingestPush(handle.db, {
      assetId,
      body: [
        { timestamp: "2024-01-01T00:00:00Z", c: 3, d: 4 },
        { timestamp: "2024-01-01T01:00:00Z", c: null, d: 5 },
      ],
    });
    expect(wide.rowsInserted).toBe(3);
    expect((await pointsOf("a")).map((p) => p.ts.toISOString())).toEqual(["2023-12-31T23:00:00.000Z"]);
    expect((await pointsOf("b")).map((p) => [p.ts.toISOString(), p.value])).toEqual([["2024-01-01T00:00:00.000Z", 2]]);
    expect((await pointsOf("d")).map((p) => p.value)).toEqual([4, 5]);
    await expect(ingestPush(handle.db, { assetId, body: [{ timestamp: "2024-01-01T00:00:00Z", value: 1 }] })).rejects.toMatchObject({
      field: "metric",
    });
    await expect(ingestPush(handle.db, { assetId, metric: "a", body: [{ timestamp: "2024-01-01T00:00:00", value: 1 }] })).rejects.toMatchObject({
      field: "[0].timestamp",
      row: 1,
    });
  });
});
