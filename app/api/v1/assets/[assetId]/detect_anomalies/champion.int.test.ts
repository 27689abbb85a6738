/**
 * detect_anomalies with a champion trained here (embedded runner, ew-demand, fast options): the expectations
 * are the champion's one-step forecasts, and on the demand data injected spikes, a level shift, a stuck run
 * and a gap are found with at most one false alarm per 1,000 normal readings at the default sensitivity.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobHarness, FAST_TRAINING, loadDemandAsset, type JobHarness } from "@/inngest/testing/job-harness";
import { readObservations, getAsset, getSeries } from "@/server/assets";
import { createApiKey } from "@/server/api-keys/manage-api-keys";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { openApiMismatches } from "@/server/testing/openapi-check";
import { POST } from "./route";

const DETECT = "/api/v1/assets/{assetId}/detect_anomalies";
let h: JobHarness;
let key: string;
let championId: string;
/** The last 1,000 stored readings: posted as the stream, checked against the readings before them. */
let normal: { timestamp: string; value: number }[];

async function detect(stream: { timestamp: string; value: number | null }[], extra: Record<string, unknown> = {}) {
  const res = await POST(
    new Request("http://localhost/api/v1/assets/ew-demand/detect_anomalies", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ data_stream: stream, ...extra }),
    }),
    { params: Promise.resolve({ assetId: "ew-demand" }) },
  );
  expect(res.status).toBe(200);
  expect(await openApiMismatches(res.clone(), "POST", DETECT)).toEqual([]);
  return res.json() as Promise<{ method: string; model?: { version_id: string }; note: string; anomalies: { timestamp: string; kind: string; length: number; expected: number | null }[] }>;
}

beforeAll(async () => {
  h = await createJobHarness();
  await loadDemandAsset(h);
  const asset = await getAsset(h.handle.db, { idOrSlug: "ew-demand" });
  const { runId } = await h.deps.dispatch("train-model", { assetId: asset.id, metric: "demand_mw", options: FAST_TRAINING }, { trigger: "api" });
  expect(await h.runner.waitFor(runId, 170_000)).toBe("succeeded");
  setRouteDbForTests(h.handle);
  // The route takes the app's inference client (inngest/deps.ts): here, the harness's.
  Object.assign(globalThis, { almanacArtifacts: h.deps.artifacts, almanacJobInference: h.deps.inference });
  key = (await createApiKey(h.handle.db, { name: "plant", scopes: ["predict"] })).key;
  const series = await getSeries(h.handle.db, { assetId: asset.id, metric: "demand_mw" });
  normal = (await readObservations(h.handle.db, { seriesId: series.id })).slice(-1000).map((o) => ({ timestamp: o.ts.toISOString(), value: o.value }));
  const { findChampion, listAssetModels } = await import("@/server/registry");
  const [model] = await listAssetModels(h.handle.db, { assetId: asset.id, metric: "demand_mw" });
  championId = (await findChampion(h.handle.db, { modelId: model.id }))!.id;
}, 200_000);
afterAll(async () => h?.close());

describe("detect_anomalies with a champion", () => {
  it("uses the champion's one-step forecasts and raises at most one alarm on 1,000 normal readings", async () => {
    const out = await detect(normal);
    expect(out.method).toBe("model");
    expect(out.model?.version_id).toBe(championId);
    expect(out.note).toMatch(/one-step expectations from the champion .* calibrated on its last \d+ one-step errors/);
    console.log(`[detect_anomalies, champion] false alarms on ${normal.length} normal readings: ${out.anomalies.length}`);
    expect(out.anomalies.length).toBeLessThanOrEqual(1);
  });

  it("finds injected spikes (report precision and recall), a level shift, a stuck run and a gap", async () => {
    const at = Array.from({ length: 20 }, (_, k) => 30 + k * 48);
    const spiked = normal.map((p, i) => (at.includes(i) ? { ...p, value: p.value * (i % 2 ? 1.12 : 0.88) } : p));
    const spikes = (await detect(spiked)).anomalies.filter((a) => a.kind.startsWith("spike"));
    const hit = spikes.filter((a) => at.some((i) => normal[i].timestamp === a.timestamp)).length;
    const recall = hit / at.length;
    const precision = spikes.length ? hit / spikes.length : 0;
    console.log(`[detect_anomalies, champion] 12 % spikes: recall ${recall.toFixed(2)} (${hit}/${at.length}), precision ${precision.toFixed(2)} (${hit}/${spikes.length})`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(precision).toBeGreaterThanOrEqual(0.9);

    const shifted = await detect(normal.map((p, i) => (i >= 600 ? { ...p, value: p.value * 1.25 } : p)));
    const shift = shifted.anomalies.find((a) => a.kind === "level_shift");
    expect(shift?.timestamp).toBe(normal[600].timestamp);
    expect(shifted.anomalies.filter((a) => a.kind.startsWith("spike")).length).toBeLessThanOrEqual(2);

    const stuck = await detect(normal.map((p, i) => (i >= 300 && i < 340 ? { ...p, value: normal[300].value } : p)));
    expect(stuck.anomalies.filter((a) => a.kind === "stuck")).toEqual([expect.objectContaining({ timestamp: normal[300].timestamp, length: 40 })]);

    const gappy = await detect(normal.filter((_, i) => i < 500 || i >= 506));
    expect(gappy.anomalies.filter((a) => a.kind === "gap")).toEqual([expect.objectContaining({ timestamp: normal[500].timestamp, length: 6 })]);
    expect(gappy.anomalies.filter((a) => a.kind !== "gap").length).toBeLessThanOrEqual(1);
  });

  it("falls back to the seasonal baseline, and says why, where the champion cannot serve", async () => {
    // 99.95 % needs more than the 1,000 one-step errors the champion is calibrated on.
    const out = await detect(normal.slice(0, 100), { sensitivity: 99.95 });
    expect(out.method).toBe("seasonal-baseline");
    expect(out.note).toMatch(/the champion was not used: /);
  });
});
