/**
 * Fresh forecasts: new readings pushed after a champion's forecast make it `stale` on read and queue one
 * refresh per model per debounce window (a burst of pushes is one refresh); after the refresh the forecast
 * starts from the newest reading and is current again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobHarness, FAST_TRAINING, loadDemandAsset, type JobHarness } from "../testing/job-harness";
import { getAsset, getSeries, readObservations, type Asset } from "@/server/assets";
import { getAssetForecast } from "@/server/forecasts";
import { refreshAfterIngest } from "@/server/forecasts/refresh-after-ingest";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { provideJobRuntime } from "@/server/jobs/dispatch";
import { listRuns } from "@/server/jobs";

const HALF_HOUR = 1_800_000;
let h: JobHarness;
let asset: Asset;
let lastMs: number;

beforeAll(async () => {
  h = await createJobHarness();
  await loadDemandAsset(h);
  asset = await getAsset(h.handle.db, { idOrSlug: "ew-demand" });
  const { runId } = await h.deps.dispatch("train-model", { assetId: asset.id, metric: "demand_mw", options: FAST_TRAINING }, { trigger: "api" });
  expect(await h.runner.waitFor(runId, 170_000)).toBe("succeeded");
  // The forecast refresh queued by the promotion.
  for (const r of (await listRuns(h.handle.db, { limit: 20 })).filter((r) => r.jobId === "refresh-forecasts")) await h.runner.waitFor(r.id, 60_000);
  provideJobRuntime(async () => ({ dispatch: h.deps.dispatch }));
  const series = await getSeries(h.handle.db, { assetId: asset.id, metric: "demand_mw" });
  lastMs = (await readObservations(h.handle.db, { seriesId: series.id })).at(-1)!.ts.getTime();
}, 240_000);
afterAll(async () => h?.close());

describe("forecasts after new data", () => {
  it("is current before new data, stale after it, and current again once the queued refresh ran", async () => {
    const before = await getAssetForecast(h.deps, { assetId: asset.id });
    expect(before).toMatchObject({ stale: false, originTs: new Date(lastMs).toISOString(), latestObservationTs: new Date(lastMs).toISOString() });

    const runsBefore = (await listRuns(h.handle.db, { limit: 100 })).filter((r) => r.jobId === "refresh-forecasts").length;
    const push = (k: number) => ingestBatch(h.handle.db, { assetId: asset.id, source: "rest", series: [{ metric: "demand_mw", points: [{ tsMs: lastMs + k * HALF_HOUR, value: 30_000 + k }] }] });
    await push(1);
    await push(2); // same debounce window: no second refresh
    const runs = (await listRuns(h.handle.db, { limit: 100 })).filter((r) => r.jobId === "refresh-forecasts");
    expect(runs.length).toBe(runsBefore + 1);

    await h.runner.waitFor(runs[0].id, 60_000);
    const after = await getAssetForecast(h.deps, { assetId: asset.id });
    // The refresh may have run between the two pushes; either way the served forecast is honest about it.
    if (after.stale) expect(after.latestObservationTs).toBe(new Date(lastMs + 2 * HALF_HOUR).toISOString());
    // A later window queues a fresh refresh, which brings the forecast up to the newest reading.
    const later = await refreshAfterIngest(h.handle.db, { seriesIds: [(await getSeries(h.handle.db, { assetId: asset.id, metric: "demand_mw" })).id], now: new Date(Date.now() + 120_000) });
    expect(later).toHaveLength(1);
    expect(await h.runner.waitFor(later[0], 60_000)).toBe("succeeded");
    expect(await getAssetForecast(h.deps, { assetId: asset.id })).toMatchObject({ stale: false, originTs: new Date(lastMs + 2 * HALF_HOUR).toISOString() });
  });

  it("marks a forecast stale while its refresh has not run", async () => {
    const f = await getAssetForecast(h.deps, { assetId: asset.id });
    const next = Date.parse(f.originTs) + HALF_HOUR;
    // Written without the ingest path's refresh (a bulk load straight into the table).
    const { upsertObservations } = await import("@/server/ingest/upsert-observations");
    const series = await getSeries(h.handle.db, { assetId: asset.id, metric: "demand_mw" });
    await upsertObservations(h.handle.db, { seriesIds: [series.id], seriesIndex: [0], tsMs: [next], values: [31_000], quality: [0] });
    expect(await getAssetForecast(h.deps, { assetId: asset.id })).toMatchObject({ stale: true, latestObservationTs: new Date(next).toISOString() });
  });
});
