/** The monitoring view on a real (test) database: promised vs delivered per champion, from stored forecasts and actuals. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { assets, forecasts, observations, series } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";
import { coverageBand, monitorModels } from "./monitor-models";

let handle: DbHandle;
const H = 3_600_000;
const T0 = Date.UTC(2024, 2, 1);

beforeAll(async () => {
  handle = await createTestDb();
  const [asset] = await handle.db.insert(assets).values({ slug: "mon-a", name: "Monitored A", kind: "meter" }).returning();
  const [s] = await handle.db.insert(series).values({ assetId: asset.id, metric: "load_kw", frequency: "1h" }).returning();
  const model = await ensureModel(handle.db, { assetId: asset.id, seriesId: s.id, metric: "load_kw", horizon: 2, frequency: "1h", seasonLengths: [24] });
  const v = await createVersion(handle.db, { modelId: model.id, algorithm: "gbdt-direct", codeVersion: "test" });
  await completeVersion(handle.db, {
    versionId: v.id,
    algorithm: "gbdt-direct",
    parameters: {},
    featureSpec: {},
    featureSpecHash: "x",
    trainingSnapshot: { seriesId: s.id, fromTs: "2024-01-01T00:00:00Z", toTs: "2024-03-01T00:00:00Z", rowCount: 1440, contentHash: "h", stepMs: H },
    backtestMetrics: { h1: { mae: 2, mase: 0.5, baselineMase: 1 }, all: { mase: 0.6, smape: 4, baselineMase: 1 } },
    calibration: {},
    backtestPlot: { ts: [], actual: [], forecast: [], baseline: [] },
    artifactUri: "file://x",
    artifactSha256: "00",
    promoteIfNoChampion: true,
  });
  // Ten forecasts from consecutive origins, two steps each; actuals 100 everywhere. Step 1 forecasts 104
  // (error 4: twice the backtest's step-1 MAE), step 2 forecasts 100. 80 % intervals: step 1 misses
  // (101–107), step 2 holds; 95 % intervals hold both.
  const rows = [];
  for (let k = 0; k < 10; k++) {
    const origin = T0 + k * H;
    rows.push({
      modelId: model.id,
      modelVersionId: v.id,
      originTs: new Date(origin),
      stepMs: H,
      horizon: 2,
      levels: [80, 95],
      points: [
        { ts: new Date(origin + H).toISOString(), mean: 104, lower: { "80": 101, "95": 90 }, upper: { "80": 107, "95": 110 } },
        { ts: new Date(origin + 2 * H).toISOString(), mean: 100, lower: { "80": 98, "95": 90 }, upper: { "80": 102, "95": 110 } },
      ],
    });
  }
  await handle.db.insert(forecasts).values(rows);
  await handle.db.insert(observations).values(Array.from({ length: 12 }, (_, k) => ({ seriesId: s.id, ts: new Date(T0 + k * H), value: 100 })));
});
afterAll(async () => handle?.close());

describe("monitorModels", () => {
  it("puts each champion's realised accuracy and coverage next to its backtest", async () => {
    const [m] = await monitorModels(handle.db);
    expect(m).toMatchObject({ assetSlug: "mon-a", metric: "load_kw", version: { number: 1 }, backtest: { maeStep1: 2, smape: 4, mase: 0.6 } });
    // Actuals exist up to T0 + 11 h: all 10 step-1 points and 10 step-2 points (the last ends at T0 + 11 h).
    expect(m.realised?.points).toBe(20);
    expect(m.realised?.steps.map((s) => [s.step, s.points, s.mae])).toEqual([
      [1, 10, 4],
      [2, 10, 0],
    ]);
    expect(m.realised?.bias).toBeCloseTo(-2, 10);
    expect(m.realised?.smape).toBeCloseTo((200 * 4) / 204 / 2, 10);
    expect(m.maeRatio).toBe(2);
    const [c80, c95] = m.coverage;
    expect(c80).toMatchObject({ level: 80, points: 20, inside: 10, ratio: 0.5, belowPromise: true });
    expect(c95).toMatchObject({ level: 95, points: 20, inside: 20, ratio: 1, belowPromise: false });
    expect(c80.band[0]).toBeGreaterThan(0.5);
  });

  it("tests the target since training against the training window", async () => {
    const [before] = await monitorModels(handle.db);
    expect(before.inputDrift).toBeNull(); // no readings after the training window yet
    const [s] = await handle.db.select().from(series).where(eq(series.metric, "load_kw"));
    // Training window (Jan–Feb): values around 100; after it, 60 readings around 140.
    const inWindow = Array.from({ length: 200 }, (_, k) => ({ seriesId: s.id, ts: new Date(Date.UTC(2024, 0, 10) + k * H), value: 100 + (k % 7) }));
    const after = Array.from({ length: 60 }, (_, k) => ({ seriesId: s.id, ts: new Date(Date.UTC(2024, 2, 5) + k * H), value: 140 + (k % 7) }));
    await handle.db.insert(observations).values([...inWindow, ...after]);
    const [m] = await monitorModels(handle.db);
    expect(m.inputDrift).toMatchObject({ method: "ks", drift: true, psiBand: "significant", referenceSize: 201, currentSize: 71 });
    // (201: the 200 plus the scored actual at the window's end, 2024-03-01T00:00; 71: the 60 plus the 11 after it.)
  });

  it("only counts forecasts made inside the window", async () => {
    const [m] = await monitorModels(handle.db, { days: 1 });
    expect(m.realised?.points).toBe(20); // made just now
    await handle.db.update(forecasts).set({ createdAt: new Date(Date.now() - 3 * 86_400_000) }).where(eq(forecasts.horizon, 2));
    const [old] = await monitorModels(handle.db, { days: 1 });
    expect(old.realised).toBeNull();
    expect(old.coverage).toEqual([]);
  });
});

describe("coverageBand", () => {
  it("narrows with more actuals and stays inside [0, 1]", () => {
    const [lo20, hi20] = coverageBand(0.8, 20);
    const [lo2000, hi2000] = coverageBand(0.8, 2000);
    expect(lo20).toBeLessThan(lo2000);
    expect(hi20).toBeGreaterThan(hi2000);
    expect(lo2000).toBeGreaterThan(0.78);
    expect(coverageBand(0.99, 5)[1]).toBe(1);
    expect(coverageBand(0.9, 0)).toEqual([0, 1]);
  });
});
