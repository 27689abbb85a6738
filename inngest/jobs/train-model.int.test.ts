import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { forecasts, jobRuns, jobSteps, modelVersions } from "@/db/schema";
import { getAssetForecast } from "@/server/forecasts";
import { rollbackModel, promoteVersion, findChampion } from "@/server/registry";
import { invalidateModelForecast } from "@/server/forecasts";
import { getRun, listSteps } from "@/server/jobs";
import { createJobHarness, FAST_TRAINING, loadDemandAsset, type JobHarness } from "../testing/job-harness";

let h: JobHarness;
let assetId: string;

beforeAll(async () => {
  h = await createJobHarness();
  assetId = (await loadDemandAsset(h)).id;
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
    expect(version.trainingSnapshot?.rowCount).toBe(4032);
    expect(version.trainingSnapshot?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(version.backtestMetrics.all.mase).toBeGreaterThan(0);
    expect(Object.keys(version.backtestMetrics)).toEqual(expect.arrayContaining(["h1", "h12", "h24", "h48", "all"]));
    expect(version.artifactSha256).toMatch(/^[0-9a-f]{64}$/);

    // The artifact loads from the store and runs in onnxruntime.
    const loaded = await h.deps.artifacts.get(version.artifactSha256!);
    expect(loaded.manifest.kind).toBe("gbdt");
    await settleRefreshes();
    const served = await getAssetForecast(h.deps, { assetId, metric: "demand_mw" });
    expect(served.version.id).toBe(firstVersionId);
    expect(served.points).toHaveLength(48);
    // Demand in MW stays within the range of the data, intervals bracket the mean and widen with level.
    for (const p of served.points) {
      expect(p.mean).toBeGreaterThan(15_000);
      expect(p.mean).toBeLessThan(60_000);
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
    await promoteVersion(h.handle.db, { versionId: second.versionId });
    await invalidateModelForecast(h.deps.cache, modelId);
    const { runId } = await h.deps.dispatch("refresh-forecasts", { modelId });
    expect(await h.runner.waitFor(runId)).toBe("succeeded");
    const afterPromote = await getAssetForecast(h.deps, { assetId, metric: "demand_mw" });
    expect(afterPromote.version.id).toBe(second.versionId);

    const restored = await rollbackModel(h.handle.db, { modelId });
    expect(restored.id).toBe(firstVersionId);
    await invalidateModelForecast(h.deps.cache, modelId);
    const afterRollback = await getAssetForecast(h.deps, { assetId, metric: "demand_mw" });
    expect(afterRollback.version.id).toBe(firstVersionId);
    const stored = await h.handle.db.select().from(forecasts).where(eq(forecasts.modelVersionId, firstVersionId));
    expect(afterRollback.points).toEqual(stored[0].points);
  });
});
