import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { DbHandle } from "@/db/client";
import { assets, forecasts, observations, series } from "@/db/schema";
import { createRun, finishRun } from "@/server/jobs";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";
import { findModelsToRetrain } from "./retrain-policy";

let handle: DbHandle;
let modelId: string;
let versionId: string;
let seriesId: string;
let assetId: string;
const HOUR = 3_600_000;
const start = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  handle = await createTestDb();
  const [a] = await handle.db.insert(assets).values({ slug: "drift", name: "Drift", kind: "meter" }).returning();
  assetId = a.id;
  const [s] = await handle.db.insert(series).values({ assetId: a.id, metric: "load", frequency: "1h" }).returning();
  seriesId = s.id;
  // 10 days of a daily cycle around 100.
  const rows = Array.from({ length: 240 }, (_, i) => ({ seriesId, ts: new Date(start + i * HOUR), value: 100 + 10 * Math.sin((2 * Math.PI * i) / 24) }));
  await handle.db.insert(observations).values(rows);
  const model = await ensureModel(handle.db, { assetId: a.id, seriesId, metric: "load", horizon: 24, frequency: "1h", seasonLengths: [24] });
  modelId = model.id;
  const v = await createVersion(handle.db, { modelId, algorithm: "gbdt-direct", codeVersion: "test" });
  versionId = v.id;
  await completeVersion(handle.db, {
    versionId,
    algorithm: "gbdt-direct",
    parameters: {},
    featureSpec: {},
    featureSpecHash: "x",
    trainingSnapshot: { seriesId, fromTs: new Date(start).toISOString(), toTs: new Date(start + 239 * HOUR).toISOString(), rowCount: 240, contentHash: "h", stepMs: HOUR },
    backtestMetrics: { all: { mase: 0.5 } },
    calibration: {},
    artifactUri: "file://x",
    artifactSha256: "0".repeat(64),
    promoteIfNoChampion: true,
  });
});
afterAll(async () => handle?.close());

async function addActuals(fromIndex: number, n: number, level: number) {
  await handle.db
    .insert(observations)
    .values(Array.from({ length: n }, (_, i) => ({ seriesId, ts: new Date(start + (fromIndex + i) * HOUR), value: level + 10 * Math.sin((2 * Math.PI * (fromIndex + i)) / 24) })));
}

describe("retrain policy", () => {
  it("asks for nothing while no new data and no scored forecasts exist", async () => {
    expect(await findModelsToRetrain(handle.db, {})).toEqual([]);
  });

  it("flags drift when the champion's stored forecasts miss the arriving actuals", async () => {
    // The champion forecast the usual cycle around 100; the next day came in around 160.
    const points = Array.from({ length: 24 }, (_, h) => {
      const i = 240 + h;
      return { ts: new Date(start + i * HOUR).toISOString(), mean: 100 + 10 * Math.sin((2 * Math.PI * i) / 24), lower: {}, upper: {} };
    });
    await handle.db.insert(forecasts).values({ modelId, modelVersionId: versionId, originTs: new Date(start + 239 * HOUR), stepMs: HOUR, horizon: 24, levels: [], points });
    await addActuals(240, 24, 160);
    const decisions = await findModelsToRetrain(handle.db, { policy: { minNewPoints: 1000 } });
    expect(decisions).toEqual([expect.objectContaining({ modelId, reason: "drift" })]);
    // Drift is measured against the backtest MASE: a lenient factor accepts it.
    expect(await findModelsToRetrain(handle.db, { policy: { minNewPoints: 1000, driftFactor: 1000 } })).toEqual([]);
  });

  it("asks for a retrain once enough new points arrived", async () => {
    const decisions = await findModelsToRetrain(handle.db, { policy: { minNewPoints: 24 } });
    expect(decisions).toEqual([expect.objectContaining({ modelId, reason: "new-data", detail: expect.stringMatching(/^24 new points/) })]);
  });

  it("skips a model whose asset already has a training run queued or running, whatever the data says", async () => {
    const { run } = await createRun(handle.db, { jobId: "train-model", payload: {}, mode: "embedded", trigger: "test", assetId });
    expect(await findModelsToRetrain(handle.db, { policy: { minNewPoints: 1 } })).toEqual([]);
    await finishRun(handle.db, { runId: run.id, status: "succeeded" });
    expect(await findModelsToRetrain(handle.db, { policy: { minNewPoints: 1 } })).toEqual([expect.objectContaining({ modelId, reason: "new-data" })]);
  });
});
