/** Each alert metric measured from the data it reads, on a real (test) database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { alertRules, anomalies, assets, forecasts, ingestSources, jobRuns, observations, series } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";
import { measureRule } from "./measure-rule";

const H = 3_600_000;
const MIN = 60_000;
let handle: DbHandle;
let assetA: string;
let assetB: string;
let modelId: string;
const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);

type Rule = typeof alertRules.$inferSelect;
const rule = (over: Partial<Rule>): Rule => ({
  id: "00000000-0000-4000-8000-000000000001",
  name: "r",
  metric: "job_failure",
  threshold: 1,
  windowMinutes: 60,
  cooldownMinutes: 60,
  scope: "all",
  assetId: null,
  modelId: null,
  channels: { webhookEndpointIds: [], emails: [] },
  enabled: true,
  openRetrainJob: false,
  lastEvaluatedAt: null,
  createdBy: null,
  createdAt: now,
  updatedAt: now,
  ...over,
});
const measure = (over: Partial<Rule>) => measureRule(handle.db, { rule: rule(over), now });

beforeAll(async () => {
  handle = await createTestDb();
  const [a, b] = await handle.db
    .insert(assets)
    .values([
      { slug: "m-a", name: "A", kind: "meter" },
      { slug: "m-b", name: "B", kind: "meter" },
    ])
    .returning();
  [assetA, assetB] = [a.id, b.id];
  const [sa, sb] = await handle.db
    .insert(series)
    .values([
      { assetId: assetA, metric: "load", frequency: "1h" },
      { assetId: assetB, metric: "load", frequency: "1h" },
    ])
    .returning();

  await handle.db.insert(jobRuns).values([
    { jobId: "train-model", status: "failed", assetId: assetA, finishedAt: ago(10 * MIN) },
    { jobId: "train-model", status: "failed", assetId: assetA, finishedAt: ago(20 * MIN) },
    { jobId: "train-model", status: "failed", assetId: assetB, finishedAt: ago(30 * MIN) },
    { jobId: "train-model", status: "failed", assetId: assetA, finishedAt: ago(3 * H) },
    { jobId: "train-model", status: "succeeded", assetId: assetA, finishedAt: ago(5 * MIN) },
  ]);
  await handle.db.insert(ingestSources).values([
    { name: "fresh", assetId: assetA, metric: "load", url: "https://x.example/a", lastRunAt: ago(5 * MIN) },
    { name: "stale", assetId: assetB, metric: "load", url: "https://x.example/b", lastRunAt: ago(90 * MIN) },
    { name: "off", assetId: assetB, metric: "load", url: "https://x.example/c", lastRunAt: ago(900 * MIN), enabled: false },
  ]);
  await handle.db.insert(anomalies).values(
    Array.from({ length: 6 }, (_, k) => ({ seriesId: sa.id, ts: ago((k + 1) * H), kind: "spike_above" as const, score: 3, reason: "t", method: "seasonal-baseline", detectedAt: ago((k + 1) * 5 * MIN) })),
  );
  await handle.db.insert(anomalies).values({ seriesId: sb.id, ts: ago(H), kind: "gap", score: 1, reason: "t", method: "seasonal-baseline", detectedAt: ago(3 * H) });

  // A champion on asset A: 100 training readings around 5, then 40 around 55 (the target has drifted), and ten
  // served one-step forecasts whose 80 % intervals miss half the actuals and whose MAE is three times the promise.
  const T0 = now.getTime() - 200 * H;
  const model = await ensureModel(handle.db, { assetId: assetA, seriesId: sa.id, metric: "load", horizon: 1, frequency: "1h", seasonLengths: [24] });
  modelId = model.id;
  const v = await createVersion(handle.db, { modelId, algorithm: "gbdt-direct", codeVersion: "test" });
  await completeVersion(handle.db, {
    versionId: v.id,
    algorithm: "gbdt-direct",
    parameters: {},
    featureSpec: {},
    featureSpecHash: "x",
    trainingSnapshot: { seriesId: sa.id, fromTs: new Date(T0).toISOString(), toTs: new Date(T0 + 99 * H).toISOString(), rowCount: 100, contentHash: "h", stepMs: H },
    backtestMetrics: { h1: { mae: 1 }, all: {} },
    calibration: {},
    backtestPlot: { ts: [], actual: [], forecast: [], baseline: [] },
    artifactUri: "file://x",
    artifactSha256: "00",
    promoteIfNoChampion: true,
  });
  const value = (k: number) => (k < 100 ? 5 : 55) + (k % 10);
  await handle.db.insert(observations).values(Array.from({ length: 140 }, (_, k) => ({ seriesId: sa.id, ts: new Date(T0 + k * H), value: value(k) })));
  await handle.db.insert(forecasts).values(
    Array.from({ length: 10 }, (_, j) => {
      const k = 120 + j;
      const actual = value(k);
      // Even j: the interval holds the actual; odd j: it misses. The mean is 3 off either way.
      const [lower, upper] = j % 2 === 0 ? [actual - 5, actual + 5] : [actual + 1, actual + 5];
      return { modelId, modelVersionId: v.id, originTs: new Date(T0 + (k - 1) * H), stepMs: H, horizon: 1, levels: [80], points: [{ ts: new Date(T0 + k * H).toISOString(), mean: actual + 3, lower: { "80": lower }, upper: { "80": upper } }] };
    }),
  );
});
afterAll(async () => handle?.close());

describe("measureRule", () => {
  it("job_failure: failed runs finished inside the window, for the scope", async () => {
    expect(await measure({ metric: "job_failure" })).toEqual([expect.objectContaining({ scopeKey: "all", value: 3 })]);
    expect(await measure({ metric: "job_failure", scope: "asset", assetId: assetA })).toEqual([expect.objectContaining({ scopeKey: `asset:${assetA}`, assetId: assetA, value: 2 })]);
    expect(await measure({ metric: "job_failure", scope: "model", modelId })).toEqual([expect.objectContaining({ scopeKey: `model:${modelId}`, modelId, value: 2 })]);
    expect((await measure({ metric: "job_failure", windowMinutes: 240 }))[0].value).toBe(4);
  });

  it("stale_source: minutes since each enabled source last ran", async () => {
    const subjects = await measure({ metric: "stale_source" });
    expect(subjects.map((s) => [s.label, Math.round(s.value)]).sort()).toEqual([
      ["source fresh", 5],
      ["source stale", 90],
    ]);
    expect((await measure({ metric: "stale_source", scope: "asset", assetId: assetA })).map((s) => s.label)).toEqual(["source fresh"]);
  });

  it("anomaly_rate: anomalies detected per hour of the window", async () => {
    // Detected 5, 10, … 30 minutes ago on A; one 3 h ago on B.
    expect((await measure({ metric: "anomaly_rate", windowMinutes: 120 }))[0].value).toBe(3);
    expect((await measure({ metric: "anomaly_rate", windowMinutes: 240 }))[0].value).toBe(7 / 4);
    expect((await measure({ metric: "anomaly_rate", windowMinutes: 240, scope: "asset", assetId: assetB }))[0].value).toBe(1 / 4);
  });

  it("accuracy_drift, coverage_below_promise and input_drift come from the monitoring view, per model", async () => {
    const [acc] = await measure({ metric: "accuracy_drift", windowMinutes: 30 * 1440 });
    expect(acc).toMatchObject({ scopeKey: `model:${modelId}`, modelId, assetId: assetA });
    expect(acc.value).toBeCloseTo(3, 9);
    const [cov] = await measure({ metric: "coverage_below_promise", windowMinutes: 30 * 1440 });
    // 80 % promised, 50 % delivered: 30 points short.
    expect(cov.value).toBeCloseTo(30, 9);
    const [drift] = await measure({ metric: "input_drift" });
    expect(drift.value).toBeGreaterThan(0.25);
    expect(await measure({ metric: "accuracy_drift", scope: "asset", assetId: assetB })).toEqual([]);
  });
});
