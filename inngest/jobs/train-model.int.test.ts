import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { forecasts, jobRuns, jobSteps, modelVersions } from "@/db/schema";
import { getAssetForecast } from "@/server/forecasts";
import { findChampion } from "@/server/registry";
import { getRun, listSteps } from "@/server/jobs";
import { promoteAndServe, rollbackAndServe } from "@/server/training/champion";
import { createJobHarness, demandReadings, FAST_TRAINING, loadDemandAsset, type JobHarness } from "../testing/job-harness";

/** The newest day of demand is kept out of the database: the champion's forecast is scored against it. */
const HELD_BACK = 48;
const WEEK = 336;

let h: JobHarness;
let assetId: string;

beforeAll(async () => {
  h = await createJobHarness();
  assetId = (await loadDemandAsset(h, { holdBack: HELD_BACK })).id;
});
afterAll(async () => h?.close());

async function train(options: Record<string, unknown> = FAST_TRAINING) {
  const { runId } = await h.deps.dispatch("train-model", { assetId, metric: "demand_mw", options }, { trigger: "api", assetId });
  const status = await h.runner.waitFor(runId, 170_000);
  return { runId, status, run: await getRun(h.handle.db, { runId }) };
}

async function settleRefreshes() {
  const pending = await h.handle.db.select().from(jobRuns).where(eq(jobRuns.jobId, "refresh-forecasts"));
  for (const r of pending) await h.runner.waitFor(r.id, 60_000);
}

describe("train-model (embedded, ew-demand)", () => {
  let firstVersionId: string;
  let modelId: string;

  it("runs every stage, registers a champion whose ONNX artifact loads and forecasts", async () => {
    const { runId, status, run } = await train();
    expect(run.error).toBeNull();
    expect(status).toBe("succeeded");
    expect(run.percent).toBe(100);
    expect(run.lossCurve.length).toBeGreaterThan(5);
    expect(run.lossCurve.every((p) => Number.isFinite(p.validLoss))).toBe(true);
    const steps = (await listSteps(h.handle.db, { runId })).map((s) => `${s.stepId}:${s.status}`);
    expect(steps).toEqual(
      expect.arrayContaining(["snapshot:completed", "features:completed", "fit-candidates:completed", "backtest:completed", "calibrate:completed", "export-onnx:completed", "register:completed"]),
    );
    const result = run.result as { versionId: string; state: string; modelId: string };
    expect(result.state).toBe("champion");
    firstVersionId = result.versionId;
    modelId = result.modelId;

    const [version] = await h.handle.db.select().from(modelVersions).where(eq(modelVersions.id, firstVersionId));
    expect(version.trainingSnapshot?.rowCount).toBe(4032 - HELD_BACK);
    expect(version.trainingSnapshot?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(version.backtestMetrics.all.mase).toBeGreaterThan(0);
    // The backtest scores the model and the seasonal-naive baseline on the same windows: the model must win.
    expect(version.backtestMetrics.all.mase).toBeLessThan(version.backtestMetrics.all.baselineMase);
    expect(Object.keys(version.backtestMetrics)).toEqual(expect.arrayContaining(["h1", "h12", "h24", "h48", "all"]));
    expect(version.artifactSha256).toMatch(/^[0-9a-f]{64}$/);

    // The artifact loads from the store and runs in onnxruntime.
    const loaded = await h.deps.artifacts.get(version.artifactSha256!);
    expect(loaded.manifest.kind).toBe("gbdt");
    await settleRefreshes();
    const served = await getAssetForecast(h.deps, { assetId, metric: "demand_mw" });
    expect(served.version.id).toBe(firstVersionId);
    expect(served.points).toHaveLength(48);
    // Scored against the held-back day: within 10 % of the actuals on average, and closer than the naive
    // forecast (the last known reading held flat).
    const readings = demandReadings();
    const actual = readings.slice(-HELD_BACK);
    const lastKnown = readings[readings.length - HELD_BACK - 1].value;
    expect(served.points.map((p) => p.ts)).toEqual(actual.map((a) => new Date(a.ts).toISOString()));
    const mae = (forecast: (i: number) => number) => actual.reduce((sum, a, i) => sum + Math.abs(forecast(i) - a.value), 0) / actual.length;
    const modelMae = mae((i) => served.points[i].mean);
    const naiveMae = mae(() => lastKnown);
    const meanDemand = actual.reduce((sum, a) => sum + a.value, 0) / actual.length;
    console.log(
      `[train-model] held-back day: MAE ${modelMae.toFixed(0)} MW, naive ${naiveMae.toFixed(0)} MW, same half-hour last week ${mae((i) => readings[readings.length - HELD_BACK - WEEK + i].value).toFixed(0)} MW (mean ${meanDemand.toFixed(0)} MW)`,
    );
    expect(modelMae).toBeLessThan(naiveMae);
    expect(modelMae / meanDemand).toBeLessThan(0.1);
    // Intervals bracket the mean and widen with level.
    for (const p of served.points) {
      expect(p.lower["95"]).toBeLessThanOrEqual(p.lower["80"]);
      expect(p.upper["95"]).toBeGreaterThanOrEqual(p.upper["80"]);
      expect(p.lower["80"]).toBeLessThan(p.mean);
    }
    expect(new Date(served.points[0].ts).getTime() - new Date(served.originTs).getTime()).toBe(30 * 60_000);
  });

  it("a failed job leaves the champion untouched and the version failed", async () => {
    // Seasons longer than the data allows fail in the features stage (after snapshot opened a version).
    const { status, run } = await train({ ...FAST_TRAINING, horizon: 1500 });
    expect(status).toBe("failed");
    expect(run.error?.step).toBe("features");
    expect((await findChampion(h.handle.db, { modelId }))?.id).toBe(firstVersionId);
    // Validation errors are permanent: one attempt, no retries.
    const [featureStep] = await h.handle.db.select().from(jobSteps).where(and(eq(jobSteps.runId, run.id), eq(jobSteps.stepId, "features")));
    expect(featureStep).toMatchObject({ status: "failed", attempt: 0 });
    const [opened] = await h.handle.db.select().from(modelVersions).where(eq(modelVersions.jobRunId, run.id));
    expect(opened.state).toBe("failed");
    expect(opened.error).toMatchObject({ name: "TrainingDataError" });
  });

  it("rollback restores the previous champion and its forecasts", async () => {
    const { run } = await train({ ...FAST_TRAINING, seed: 1 });
    const second = run.result as { versionId: string; state: string };
    expect(second.state).toBe("candidate");
    // As the app does it: the registry change, the cached forecast dropped, a refresh queued.
    const promoted = await promoteAndServe(h.deps, { versionId: second.versionId });
    expect(promoted).toMatchObject({ id: second.versionId, state: "champion" });
    await settleRefreshes();
    const afterPromote = await getAssetForecast(h.deps, { assetId, metric: "demand_mw" });
    expect(afterPromote.version.id).toBe(second.versionId);

    const refreshRuns = async () => h.handle.db.select().from(jobRuns).where(eq(jobRuns.jobId, "refresh-forecasts"));
    const refreshesBefore = (await refreshRuns()).length;
    const restored = await rollbackAndServe(h.deps, { modelId });
    expect(restored.id).toBe(firstVersionId);
    // Served at once from the version's stored forecast (the cache entry of the promoted version is gone)…
    const afterRollback = await getAssetForecast(h.deps, { assetId, metric: "demand_mw" });
    expect(afterRollback.version.id).toBe(firstVersionId);
    const stored = await h.handle.db.select().from(forecasts).where(eq(forecasts.modelVersionId, firstVersionId));
    expect(afterRollback.points).toEqual(stored[0].points);
    // …and the refresh rollback queued recomputes the same forecast (same version, same data).
    await settleRefreshes();
    const refreshes = await refreshRuns();
    expect(refreshes).toHaveLength(refreshesBefore + 1);
    expect(refreshes.every((r) => r.status === "succeeded")).toBe(true);
    const refreshed = await h.handle.db.select().from(forecasts).where(eq(forecasts.modelVersionId, firstVersionId));
    for (const f of refreshed) expect(f.points).toEqual(stored[0].points);
  });
});
