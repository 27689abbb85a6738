/**
 * Every job as a real Inngest function, executed by @inngest/test's InngestTestEngine against a real
 * database (Postgres with TEST_DATABASE_URL, else PGlite): steps, step failures (retriable vs permanent) and
 * the failure paths. Dispatches go through the Inngest-mode dispatcher with the event send captured.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq, gte, lt } from "drizzle-orm";
import { Inngest } from "inngest";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import { forecasts, ingestSources, jobRuns, jobSteps, modelVersions, observations, series } from "@/db/schema";
import { createArtifactStore } from "@/server/serving/artifacts";
import { findChampion } from "@/server/registry";
import { finishRun, listRuns } from "@/server/jobs";
import type { AnyJobDefinition, JobDeps } from "./define-job";
import { allJobs, backfill, ingestScheduled, refreshForecasts, retrainScheduled, trainModel } from "./jobs";
import { inngestDispatch } from "./runtime";
import { createJobHarness, DEMAND_CSV, FAST_TRAINING, loadDemandAsset, type JobHarness } from "./testing/job-harness";
import { startFeedServer, type FeedServer } from "../server/testing/feed-server";
import { toInngestFunction } from "./to-inngest-function";

const client = new Inngest({ id: "almanac-test" });
let h: JobHarness;
let deps: JobDeps;
let feed: FeedServer;
let assetId: string;
let seriesId: string;
const sent: { name: string; data: Record<string, unknown> }[] = [];

/**
 * Inngest re-invokes a function once per step with the same run id; the test engine mints a new id per
 * invocation, so pin it (the adapter keys job_runs on the run id).
 */
function stableRunId(): InngestTestEngine.Options["transformCtx"] {
  const runId = `test-run-${Math.random().toString(36).slice(2)}`;
  return (raw) => ({ ...mockCtx(raw), runId }) as typeof raw;
}

function engineFor(fn: ReturnType<typeof toInngestFunction>, def: AnyJobDefinition, data: Record<string, unknown>) {
  return new InngestTestEngine({ function: fn, events: [{ name: def.event, data }], transformCtx: stableRunId() });
}

function engine(def: AnyJobDefinition, data: Record<string, unknown>) {
  return engineFor(toInngestFunction(client, def, async () => deps), def, data);
}

async function runOf(ctxRunId: string) {
  const [run] = await h.handle.db.select().from(jobRuns).where(eq(jobRuns.externalRunId, ctxRunId));
  return run;
}

beforeAll(async () => {
  h = await createJobHarness();
  feed = await startFeedServer();
  deps = {
    ...h.deps,
    dispatch: inngestDispatch(h.handle.db, allJobs, async (e) => void sent.push(e)),
    http: { fetchImpl: feed.fetchImpl, resolve: feed.resolve },
  };
  assetId = (await loadDemandAsset(h, { lastRows: 2400 })).id;
  [{ id: seriesId }] = await h.handle.db.select({ id: series.id }).from(series).where(eq(series.assetId, assetId));
});
afterAll(async () => {
  await feed?.close();
  await h?.close();
});

describe("Inngest functions", () => {
  it("declare their triggers, retries and concurrency from the job definitions", () => {
    const fn = toInngestFunction(client, retrainScheduled, async () => deps);
    const [config] = fn["getConfig"]({ baseUrl: new URL("http://localhost/api/inngest"), appPrefix: "almanac" });
    expect(config.triggers).toEqual([{ event: "almanac/retrain.check" }, { cron: "0 2 * * *" }]);
    expect(config.steps.step.retries?.attempts).toBe(2);
    expect(config.concurrency).toEqual({ limit: 1 });
  });

  let modelId: string;
  let championId: string;

  it("train-model runs its stages as steps and registers a champion", async () => {
    const { result, ctx } = await engine(trainModel, { assetId, metric: "demand_mw", options: FAST_TRAINING }).execute();
    const registered = result as { state: string; versionId: string; modelId: string };
    expect(registered.state).toBe("champion");
    modelId = registered.modelId;
    championId = registered.versionId;
    const run = await runOf(ctx.runId);
    expect(run.status).toBe("succeeded");
    expect(run.mode).toBe("inngest");
    expect(await h.handle.db.select().from(jobRuns).where(eq(jobRuns.jobId, "train-model"))).toHaveLength(1);
    const steps = await h.handle.db.select().from(jobSteps).where(eq(jobSteps.runId, run.id));
    expect(steps.map((s) => s.stepId)).toEqual(expect.arrayContaining(["snapshot", "fit-candidates", "backtest", "export-onnx", "register"]));
    expect(sent.some((e) => e.name === "almanac/forecasts.refresh" && e.data.modelId === modelId)).toBe(true);
  });

  it("train-model: a failing stage is retriable, and once out of retries the version fails and the champion stays", async () => {
    // A real failure: the artifact store's directory is a file, so the export stage cannot write.
    const brokenDir = path.join(os.tmpdir(), `almanac-not-a-dir-${Date.now()}`);
    writeFileSync(brokenDir, "x");
    const brokenDeps = { ...deps, artifacts: createArtifactStore({ artifactDir: path.join(brokenDir, "models") }) };
    const fn = toInngestFunction(client, trainModel, async () => brokenDeps);
    const t = engineFor(fn, trainModel, { assetId, metric: "demand_mw", options: FAST_TRAINING });
    const out = (await t.execute()) as unknown as { ctx: { runId: string }; error: { name: string; message: string } };
    // A retriable error: the test engine stops at the first attempt, where Inngest would schedule a retry.
    expect(out.error.name).not.toBe("NonRetriableError");
    const run = await runOf(out.ctx.runId);
    expect(run.status).toBe("running");
    const [version] = await h.handle.db.select().from(modelVersions).where(eq(modelVersions.jobRunId, run.id));
    expect(version.state).toBe("training");

    // Inngest calls the function's onFailure handler once retries are exhausted.
    const onFailure = (fn as unknown as { onFailureFn: (ctx: unknown) => Promise<void> }).onFailureFn;
    await onFailure({
      event: { name: "inngest/function.failed", data: { event: { name: trainModel.event, data: {} }, run_id: out.ctx.runId, error: out.error } },
      error: new Error(out.error.message),
    });
    expect((await runOf(out.ctx.runId)).status).toBe("failed");
    const [failed] = await h.handle.db.select().from(modelVersions).where(eq(modelVersions.id, version.id));
    expect(failed.state).toBe("failed");
    expect((await findChampion(h.handle.db, { modelId }))?.id).toBe(championId);
    rmSync(brokenDir, { force: true });
  });

  it("invalid input fails at once without retries", async () => {
    const bad = (await engine(trainModel, { assetId, metric: "no_such_metric", options: FAST_TRAINING }).execute()) as unknown as {
      error: { name: string; message: string };
    };
    expect(bad.error.name).toBe("NonRetriableError");
    expect(bad.error.message).toMatch(/series "no_such_metric" not found/);
  });

  it("refresh-forecasts stores and caches the champion forecast", async () => {
    const { result } = await engine(refreshForecasts, { modelId }).execute();
    expect(result).toEqual({ refreshed: [{ modelId, points: 48, version: 1 }] });
    const rows = await h.handle.db.select().from(forecasts).where(eq(forecasts.modelVersionId, championId));
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });

  it("ingest-scheduled pulls a configured feed incrementally and triggers refresh + retrain check", async () => {
    // The feed holds the 200 half-hours after the data already loaded.
    const lines = readFileSync(DEMAND_CSV, "utf8").trim().split("\n");
    const lastTs = lines[lines.length - 1].split(",")[0];
    const extra = Array.from({ length: 200 }, (_, i) => {
      const ts = new Date(new Date(lastTs).getTime() + (i + 1) * 1_800_000).toISOString();
      return `${ts},${30_000 + 1000 * Math.sin(i / 7)}`;
    });
    feed.setBody("/demand.csv", ["timestamp,demand_mw", ...lines.slice(-10), ...extra].join("\n"));
    const [source] = await h.handle.db
      .insert(ingestSources)
      .values({ name: "ew-feed", assetId, metric: "demand_mw", url: "https://feed.test/demand.csv", timestampField: "timestamp", valueField: "demand_mw", sinceParam: "since", cursor: lastTs })
      .returning();
    sent.length = 0;
    const { result } = await engine(ingestScheduled, { sourceId: source.id }).execute();
    const pulled = (result as { sources: { inserted: number; cursor: string }[] }).sources[0];
    expect(pulled.inserted).toBe(200);
    expect(pulled.cursor).toBe(new Date(new Date(lastTs).getTime() + 200 * 1_800_000).toISOString());
    expect(feed.requests.at(-1)).toContain("since=");
    expect(sent.map((e) => e.name).sort()).toEqual(["almanac/forecasts.refresh", "almanac/retrain.check"]);
    // Second pull: nothing new after the cursor.
    const again = await engine(ingestScheduled, { sourceId: source.id }).execute();
    expect((again.result as { sources: { inserted: number }[] }).sources[0].inserted).toBe(0);
  });

  it("retrain-scheduled starts train-model for a model with enough new data", async () => {
    sent.length = 0;
    const { result } = await engine(retrainScheduled, { assetId, minNewPoints: 100 }).execute();
    const out = result as { started: { modelId: string; reason: string }[] };
    expect(out.started).toEqual([expect.objectContaining({ modelId, reason: "new-data" })]);
    expect(sent).toEqual([expect.objectContaining({ name: "almanac/train-model.requested", data: expect.objectContaining({ assetId, metric: "demand_mw" }) })]);
    // The run queued above is still "queued" (nothing executes it here): the asset is busy, so nothing new starts.
    const busy = await engine(retrainScheduled, { assetId, minNewPoints: 100 }).execute();
    expect((busy.result as { started: unknown[] }).started).toEqual([]);
    // With the asset idle again and drift out of the picture (a lenient factor: the champion's stored
    // forecasts here do drift), the number of new points is what decides.
    const queued = await listRuns(h.handle.db, { jobId: "train-model", assetId, status: ["queued", "running"] });
    expect(queued).toHaveLength(1);
    await finishRun(h.handle.db, { runId: queued[0].id, status: "cancelled" });
    const none = await engine(retrainScheduled, { assetId, minNewPoints: 100_000, driftFactor: 1000 }).execute();
    expect((none.result as { started: unknown[] }).started).toEqual([]);
    const again = await engine(retrainScheduled, { assetId, minNewPoints: 100, driftFactor: 1000 }).execute();
    expect((again.result as { started: unknown[] }).started).toEqual([expect.objectContaining({ modelId, reason: "new-data" })]);
  });

  it("backfill finds gaps and fills them from the source in chunks", async () => {
    const all = readFileSync(DEMAND_CSV, "utf8");
    feed.setBody("/full.csv", all);
    const [source] = await h.handle.db
      .insert(ingestSources)
      .values({ name: "ew-full", assetId, metric: "demand_mw", url: "https://feed.test/full.csv", timestampField: "timestamp", valueField: "demand_mw" })
      .returning();
    // Punch a 30-point hole in the stored series.
    const from = new Date("2000-08-01T00:00:00Z");
    const to = new Date(from.getTime() + 30 * 1_800_000);
    await h.handle.db.delete(observations).where(and(eq(observations.seriesId, seriesId), gte(observations.ts, from), lt(observations.ts, to)));
    const { result, ctx } = await engine(backfill, { sourceId: source.id, chunkSteps: 12, delayMs: 0 }).execute();
    expect(result).toEqual({ gaps: 1, chunks: 3, filled: 30 });
    const run = await runOf(ctx.runId);
    expect(run.percent).toBe(100);
  });
});
