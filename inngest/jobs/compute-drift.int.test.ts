/**
 * compute-drift on a real (test) database through the embedded runner: a champion whose target shifted after
 * training, with a covariate that did not, served forecasts twice as bad as the backtest, and a feed that stopped;
 * the job stores input, residual and staleness scores with their bands, once per run even when retried, and an
 * ingest queues one debounced run. The alert rules read the stored scores.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { alertRules, assets, driftScores, forecasts, observations, series } from "@/db/schema";
import { measureRule } from "@/server/alerts/measure-rule";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { listRuns } from "@/server/jobs";
import { provideJobRuntime } from "@/server/jobs/dispatch";
import { computeDrift } from "@/server/monitoring/compute-drift";
import { listDriftScores } from "@/server/monitoring/list-drift-scores";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";
import { createJobHarness, type JobHarness } from "../testing/job-harness";

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const TRAIN_END = T0 + 499 * H;
let h: JobHarness;
let modelId: string;
let assetId: string;

/** Deterministic noise in [-1, 1). */
const noise = (k: number) => ((Math.sin(k * 12.9898) * 43758.5453) % 1) * 2 - 1;

beforeAll(async () => {
  h = await createJobHarness();
  provideJobRuntime(async () => ({ dispatch: h.deps.dispatch }));
  const db = h.handle.db;
  const [asset] = await db.insert(assets).values({ slug: "drift-a", name: "Drift A", kind: "meter" }).returning();
  assetId = asset.id;
  const [target, temp] = await db
    .insert(series)
    .values([
      { assetId, metric: "load_kw", frequency: "1h" },
      { assetId, metric: "temp_c", frequency: "1h" },
    ])
    .returning();

  // 500 training hours, then 200 more: the target moves up by 3 σ, the covariate stays put. The last reading is
  // 700 h after T0; the run below is 10 h later (10 missed hourly readings).
  const rows = [];
  for (let k = 0; k < 700; k++) {
    rows.push({ seriesId: target.id, ts: new Date(T0 + k * H), value: 100 + 5 * noise(k) + (k >= 500 ? 15 : 0) });
    rows.push({ seriesId: temp.id, ts: new Date(T0 + k * H), value: 10 + 3 * noise(k + 7_000) });
  }
  for (let i = 0; i < rows.length; i += 500) await db.insert(observations).values(rows.slice(i, i + 500));
  const model = await ensureModel(db, { assetId, seriesId: target.id, metric: "load_kw", horizon: 1, frequency: "1h", seasonLengths: [24] });
  modelId = model.id;
  const v = await createVersion(db, { modelId, algorithm: "gbdt", codeVersion: "test" });
  await completeVersion(db, {
    versionId: v.id,
    algorithm: "gbdt",
    parameters: {},
    featureSpec: {
      format: "almanac-features", version: 1, strategy: "direct", horizon: 1, seasonLengths: [24], lags: [1], seasonalCycles: 0, rollingWindows: [], rollingStats: [],
      fourierOrder: 0, calendar: false, pastCovariates: ["temp_c"], futureCovariates: [], scaling: "standardize", target: "level", diffWindow: 0, scaleWindow: 24,
      includeLogScale: false, names: ["lag_1", "temp_c"],
    },
    featureSpecHash: "x",
    trainingSnapshot: { seriesId: target.id, fromTs: new Date(T0).toISOString(), toTs: new Date(TRAIN_END).toISOString(), rowCount: 500, contentHash: "h", stepMs: H },
    backtestMetrics: { h1: { mae: 2 }, all: { mase: 0.5 } },
    calibration: {},
    artifactUri: "file://x",
    artifactSha256: "00",
    promoteIfNoChampion: true,
  });
  // 20 served one-step forecasts, each 4 off the actual: realised step-1 MAE 4, twice the backtest's 2.
  const served = [];
  for (let k = 0; k < 20; k++) {
    const origin = T0 + (600 + k) * H;
    const actual = 115 + 5 * noise(601 + k);
    served.push({ modelId, modelVersionId: v.id, originTs: new Date(origin), stepMs: H, horizon: 1, levels: [], points: [{ ts: new Date(origin + H).toISOString(), mean: actual + 4, lower: {}, upper: {} }] });
  }
  await db.insert(forecasts).values(served);
}, 60_000);
afterAll(async () => h?.close());

const NOW = new Date(T0 + 709 * H + 30 * 60_000);

describe("compute-drift", () => {
  it("stores input drift of the target and covariates, residual drift and staleness, with their bands", async () => {
    const { runId } = await h.runner.dispatchById("compute-drift", { now: NOW.toISOString(), residualFactor: 1.5, staleIntervals: 3 }, { trigger: "api" });
    expect(await h.runner.waitFor(runId, 60_000)).toBe("succeeded");
    const scores = await listDriftScores(h.handle.db, { modelId, days: 3650, now: NOW });
    const by = (subject: string, statistic: string) => scores.find((s) => s.subject === subject && s.statistic === statistic);
    // 500 reference readings (≤ 1,000): Evidently's default is KS on a numerical column.
    expect(by("load_kw", "ks")).toMatchObject({ kind: "input", isTarget: true, band: "drift", threshold: 0.05, referenceSize: 500, currentSize: 200 });
    expect(by("load_kw", "ks")!.pValue).toBeLessThan(1e-6);
    expect(by("load_kw", "psi")).toMatchObject({ band: "drift", threshold: 0.1, thresholdHigh: 0.25 });
    expect(by("temp_c", "ks")).toMatchObject({ kind: "input", isTarget: false, band: "ok" });
    expect(by("temp_c", "psi")!.band).not.toBe("drift");
    expect(by("residual", "mae_ratio")).toMatchObject({ kind: "residual", band: "drift", threshold: 1.5, currentSize: 20 });
    expect(by("residual", "mae_ratio")!.value).toBeCloseTo(2, 6);
    expect(by("staleness", "missed_intervals")).toMatchObject({ kind: "staleness", value: 10, threshold: 3, band: "drift" });
    expect(scores.every((s) => s.computedAt.getTime() === NOW.getTime())).toBe(true);
    expect(scores).toHaveLength(6);
  });

  it("writes a run's scores once: the same `now` again adds nothing", async () => {
    await computeDrift(h.handle.db, { now: NOW });
    expect(await h.handle.db.select().from(driftScores).where(eq(driftScores.modelId, modelId))).toHaveLength(6);
  });

  it("alert rules read the newest stored scores", async () => {
    const rule = {
      id: "00000000-0000-4000-8000-000000000001", name: "r", threshold: 1, windowMinutes: 60, cooldownMinutes: 60, scope: "all" as const, assetId: null, modelId: null,
      channels: { webhookEndpointIds: [], emails: [] }, enabled: true, openRetrainJob: false, lastEvaluatedAt: null, createdBy: null, createdAt: NOW, updatedAt: NOW,
    } satisfies Omit<typeof alertRules.$inferSelect, "metric">;
    const stale = await measureRule(h.handle.db, { rule: { ...rule, metric: "data_staleness" }, now: NOW });
    expect(stale).toEqual([expect.objectContaining({ scopeKey: `model:${modelId}`, assetId, value: 10 })]);
    const psi = (await h.handle.db.select().from(driftScores).where(and(eq(driftScores.modelId, modelId), eq(driftScores.statistic, "psi"), eq(driftScores.subject, "load_kw"))))[0];
    const [drift] = await measureRule(h.handle.db, { rule: { ...rule, metric: "input_drift" }, now: NOW });
    expect(drift.value).toBe(psi.value);
    // A newer stored score is what the rule reads from then on.
    const later = new Date(NOW.getTime() + H);
    await h.handle.db.insert(driftScores).values({ ...psi, id: undefined, value: 0.01, band: "ok", computedAt: later });
    await h.handle.db.insert(driftScores).values({ ...psi, id: undefined, subject: "temp_c", isTarget: false, value: 0.02, band: "ok", computedAt: later });
    expect((await measureRule(h.handle.db, { rule: { ...rule, metric: "input_drift" }, now: later }))[0].value).toBe(0.02);
  });

  it("an ingest queues one scoring run per debounce window", async () => {
    const before = (await listRuns(h.handle.db, { limit: 100 })).filter((r) => r.jobId === "compute-drift").length;
    const push = (k: number) => ingestBatch(h.handle.db, { assetId, source: "rest", series: [{ metric: "temp_c", points: [{ tsMs: T0 + (700 + k) * H, value: 10 }] }] });
    const first = await push(0);
    await push(1);
    const runs = (await listRuns(h.handle.db, { limit: 100 })).filter((r) => r.jobId === "compute-drift");
    expect(runs.length).toBe(before + 1);
    expect(runs[0].payload).toMatchObject({ seriesIds: [expect.any(String)] });
    expect(first.forecastRefreshes).toContain(runs[0].id);
    expect(await h.runner.waitFor(runs[0].id, 60_000)).toBe("succeeded");
  });
});
