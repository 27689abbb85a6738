/**
 * The CPU-bound training stages run off the main thread: while each stage fits (seconds), the event loop of
 * the process that runs it (the web server in embedded mode, the /api/inngest handler otherwise) keeps
 * ticking, and the stage's progress reaches the database while it runs, where the job page reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendLog, createRun, getRun, updateProgress } from "@/server/jobs";
import { createJobHarness, loadDemandAsset, type JobHarness } from "@/inngest/testing/job-harness";
import type { BacktestOutcome } from "../../server/training/backtest";
import { buildFeatures, calibrate, exportVersion, fitCandidates, prepareTraining, runBacktest, type PreparedTraining, type StageReporter } from "../../server/training/pipeline";
import type { SearchResult } from "../../server/training/search";
import { watchEventLoopGaps } from "../../server/training/worker/event-loop-gaps";
import { liveTrainingWorkers } from "../../server/training/worker/run-in-worker";

// Small enough for CI; on 2 cores each stage fits for about a second or more. Nothing here depends on how long
// the fits take: a fast machine passes as well.
const OPTIONS = { horizon: 48, seasonLengths: [48, 336], maxTrials: 3, searchBudgetMs: 60_000, maxTrees: 60, earlyStoppingRounds: 60, backtestWindows: 3, maxRows: 8000 };
// A stage that blocked the loop would show a gap as long as its fits (seconds); a free loop shows
// scheduling noise, GC and the stage's own small database reads.
const MAX_EVENT_LOOP_GAP_MS = 100;

let h: JobHarness;
let runId: string;
let prepared: PreparedTraining;
let reporter: StageReporter;

beforeAll(async () => {
  h = await createJobHarness();
  const asset = await loadDemandAsset(h);
  ({ run: { id: runId } } = await createRun(h.handle.db, { jobId: "train-model", payload: {}, mode: "embedded", trigger: "test" }));
  prepared = await prepareTraining(h.handle.db, { assetId: asset.id, metric: "demand_mw", options: OPTIONS, jobRunId: runId });
  await buildFeatures(h.handle.db, prepared);
  reporter = {
    progress: (u) => updateProgress(h.handle.db, runId, u),
    log: (message) => appendLog(h.handle.db, { runId, message }),
  };
});
afterAll(async () => h?.close());

/**
 * Runs a stage while a 5 ms ticker measures the longest event-loop gap, counts the training worker threads
 * alive (the stage's fits run in one: proof that they are off the main thread, however fast the machine),
 * and the job row is polled.
 */
async function watched<T>(stage: () => Promise<T>) {
  const gaps = watchEventLoopGaps();
  const lossLengths = new Set<number>();
  let peakWorkers = 0;
  const workerProbe = setInterval(() => (peakWorkers = Math.max(peakWorkers, liveTrainingWorkers())), 5);
  const poller = setInterval(() => void getRun(h.handle.db, { runId }).then((r) => lossLengths.add(r.lossCurve.length)), 100);
  try {
    const result = await stage();
    return { result, maxGapMs: gaps.stop(), lossLengths, peakWorkers };
  } finally {
    gaps.stop();
    clearInterval(workerProbe);
    clearInterval(poller);
  }
}

describe("training stages off the main thread (ew-demand)", () => {
  let search: SearchResult;
  let backtest: BacktestOutcome;

  it("fit-candidates: the loop stays free and loss points reach the job row during the search", async () => {
    const w = await watched(() => fitCandidates(h.handle.db, prepared, reporter));
    search = w.result;
    expect(search.trials).toHaveLength(3);
    // The fits ran in a worker thread (timed inside it), while the loop here kept ticking.
    expect(w.peakWorkers).toBeGreaterThanOrEqual(1);
    expect(search.trials.every((t) => t.seconds > 0)).toBe(true);
    expect(w.maxGapMs).toBeLessThan(MAX_EVENT_LOOP_GAP_MS);
    // The poller saw the loss curve grow in several steps while the stage ran, not once at its end.
    expect([...w.lossLengths].filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    const run = await getRun(h.handle.db, { runId });
    expect(run.lossCurve.filter((p) => p.candidate === "trial-2").length).toBeGreaterThan(10);
    expect(liveTrainingWorkers()).toBe(0);
  });

  it("backtest: the loop stays free", async () => {
    const w = await watched(() => runBacktest(h.handle.db, prepared, search));
    backtest = w.result;
    expect(backtest.metrics.all.folds).toBe(3);
    expect(backtest.seconds.model).toBeGreaterThan(0);
    expect(w.peakWorkers).toBeGreaterThanOrEqual(1);
    expect(w.maxGapMs).toBeLessThan(MAX_EVENT_LOOP_GAP_MS);
    expect(liveTrainingWorkers()).toBe(0);
  });

  it("export-onnx: the loop stays free and the stored artifact matches the model fitted in the worker", async () => {
    const calibration = calibrate(prepared, backtest);
    const features = await buildFeatures(h.handle.db, prepared);
    const w = await watched(() => exportVersion(h.deps, prepared, search, calibration, features.featureSpecHash, reporter));
    expect(w.result.parityMaxRelativeError).toBeLessThan(1e-3);
    expect(w.result.featureSpecHash).toBe(features.featureSpecHash);
    expect((await h.deps.artifacts.get(w.result.sha256)).manifest.kind).toBe("gbdt");
    expect(w.peakWorkers).toBeGreaterThanOrEqual(1);
    expect(w.maxGapMs).toBeLessThan(MAX_EVENT_LOOP_GAP_MS);
    expect(liveTrainingWorkers()).toBe(0);
  });
});
