/**
 * Deployment checks end to end on a real (test) database and artifact store, through the embedded runner:
 * a healthy state-artifact version is promoted and passes its health check; a second version whose stored bytes
 * no longer match their hash (a corrupted store) is promoted by hand, fails the check-deployment job's health
 * check at load, and is rolled back to the first, with the reason recorded for the version page.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, jobRuns, observations, series } from "@/db/schema";
import { listDeploymentEvents } from "@/server/deployment/list-deployment-events";
import { verifyDeployment } from "@/server/deployment/deploy-version";
import { completeVersion, createVersion, ensureModel, findChampion } from "@/server/registry";
import { promoteAndServe } from "@/server/training/champion";
import { createJobHarness, type JobHarness } from "../testing/job-harness";

const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const N = 24 * 14;
let h: JobHarness;
let modelId: string;
let seriesId: string;
const value = (k: number) => 100 + 10 * Math.sin((2 * Math.PI * k) / 24);

async function stateVersion(): Promise<{ id: string; sha256: string }> {
  const manifest = await h.deps.artifacts.putState({
    format: "almanac-state",
    version: 1,
    model: "seasonal-naive",
    state: { kind: "refit", model: "seasonal-naive" },
    seasonLengths: [24],
    horizon: 6,
    stepMs: H,
    trainedThroughMs: T0 + (N - 1) * H,
    seed: 1,
  });
  const v = await createVersion(h.handle.db, { modelId, algorithm: "seasonal-naive", codeVersion: "test" });
  const lastDay = Array.from({ length: 6 }, (_, i) => N - 24 + i);
  await completeVersion(h.handle.db, {
    versionId: v.id,
    algorithm: "seasonal-naive",
    parameters: { horizon: 6 },
    featureSpec: {},
    featureSpecHash: null,
    trainingSnapshot: { seriesId, fromTs: new Date(T0).toISOString(), toTs: new Date(T0 + (N - 1) * H).toISOString(), rowCount: N, contentHash: "h", stepMs: H },
    backtestMetrics: { h1: { mae: 0.1 }, all: { mase: 0.1 } },
    calibration: { method: "split-conformal-scaled", scaleSeasonLength: 24, scoresPerStep: 10, halfWidths: { "80": [1, 1, 1, 1, 1, 1] } },
    // The seasonal-naive backtest on a pure daily cycle is exact: the artifact must be too.
    backtestPlot: { ts: lastDay.map((k) => new Date(T0 + k * H).toISOString()), actual: lastDay.map(value), forecast: lastDay.map(value), baseline: lastDay.map(value) },
    artifactUri: `${h.deps.artifacts.location}/${manifest.sha256}`,
    artifactSha256: manifest.sha256,
    manifest,
    promoteIfNoChampion: false,
  });
  return { id: v.id, sha256: manifest.sha256 };
}

beforeAll(async () => {
  h = await createJobHarness();
  const db = h.handle.db;
  const [asset] = await db.insert(assets).values({ slug: "deploy-a", name: "Deploy A", kind: "meter" }).returning();
  const [s] = await db.insert(series).values({ assetId: asset.id, metric: "load_kw", frequency: "1h" }).returning();
  seriesId = s.id;
  await db.insert(observations).values(Array.from({ length: N }, (_, k) => ({ seriesId, ts: new Date(T0 + k * H), value: value(k) })));
  modelId = (await ensureModel(db, { assetId: asset.id, seriesId, metric: "load_kw", horizon: 6, frequency: "1h", seasonLengths: [24] })).id;
}, 60_000);
afterAll(async () => h?.close());

const deps = () => ({ db: h.handle.db, cache: h.deps.cache, dispatch: h.deps.dispatch });

async function checkRunOf(versionId: string) {
  const runs = await h.handle.db.select().from(jobRuns).where(eq(jobRuns.jobId, "check-deployment"));
  return runs.find((r) => (r.payload as { versionId?: string }).versionId === versionId);
}

describe("deployment checks", () => {
  let good: { id: string; sha256: string };

  it("passes a healthy champion: loads, predicts within the budget, reproduces its backtest", async () => {
    good = await stateVersion();
    await promoteAndServe(deps(), { versionId: good.id });
    const run = await checkRunOf(good.id);
    expect(run).toBeDefined();
    expect(await h.runner.waitFor(run!.id, 60_000)).toBe("succeeded");
    const [event] = await listDeploymentEvents(h.handle.db, { versionId: good.id });
    expect(event).toMatchObject({ action: "health_check", healthy: true, reason: null });
    expect(event.steps.map((s) => [s.step, s.ok])).toEqual([
      ["load", true],
      ["predict", true],
      ["latency", true],
      ["parity", true],
    ]);
    expect((await findChampion(h.handle.db, { modelId }))?.id).toBe(good.id);
  });

  it("rolls a champion whose artifact fails verification back to the previous one, and says why", async () => {
    const broken = await stateVersion();
    // The store's bytes change under the recorded hash (bit rot, a bad copy): verification must refuse them.
    const root = fileURLToPath(h.deps.artifacts.location);
    await writeFile(path.join(root, broken.sha256.slice(0, 2), `${broken.sha256}.state.json`), '{"format":"almanac-state","tampered":true}');
    await promoteAndServe(deps(), { versionId: broken.id });
    expect((await findChampion(h.handle.db, { modelId }))?.id).toBe(broken.id);
    const run = await checkRunOf(broken.id);
    expect(await h.runner.waitFor(run!.id, 60_000)).toBe("succeeded");
    expect(run && (await h.handle.db.select().from(jobRuns).where(eq(jobRuns.id, run.id)))[0].result).toMatchObject({ healthy: false, rolledBack: true, restored: { id: good.id } });
    expect((await findChampion(h.handle.db, { modelId }))?.id).toBe(good.id);
    const events = await listDeploymentEvents(h.handle.db, { versionId: broken.id });
    expect(events.map((e) => e.action)).toEqual(["auto_rollback", "health_check"]);
    expect(events[0]).toMatchObject({ rolledBack: true, restoredVersion: 1 });
    expect(events[0].reason).toMatch(/^load: ArtifactIntegrityError/);
  });

  it("checks a version that is not the champion without touching the champion", async () => {
    const candidate = await stateVersion();
    await writeFile(path.join(fileURLToPath(h.deps.artifacts.location), candidate.sha256.slice(0, 2), `${candidate.sha256}.state.json`), "{}");
    const r = await verifyDeployment(h.deps, { versionId: candidate.id });
    expect(r).toMatchObject({ rolledBack: false, note: "the version is no longer the champion" });
    expect(r.health.healthy).toBe(false);
    expect((await findChampion(h.handle.db, { modelId }))?.id).toBe(good.id);
  });
});
