/**
 * GET /api/v1/assets/{assetId}/forecast?explain=true on a GBDT champion trained here (embedded job runner,
 * ew-demand, fast options): per-step TreeSHAP waterfalls of the served forecast that add up to the step's
 * prediction, which is the served (ONNX, float32) mean; and the version page's global importance.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { observations } from "@/db/schema";
import { createJobHarness, FAST_TRAINING, loadDemandAsset, type JobHarness } from "@/inngest/testing/job-harness";
import { createApiKey } from "@/server/api-keys/manage-api-keys";
import { getAsset } from "@/server/assets";
import { getJson, setCacheForTests } from "@/server/cache";
import { explainForecast, getVersionImportance, versionImportanceCacheKey } from "@/server/explain";
import type { ExplainedAssetForecastResponse } from "@/server/explain/schemas";
import { getAssetForecast, refreshForecast } from "@/server/forecasts";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { findChampion, getModel, listAssetModels } from "@/server/registry";
import { openApiMismatches } from "@/server/testing/openapi-check";
import { GET } from "./route";

let h: JobHarness;
let key: string;
let versionId: string;
const PATH = "/api/v1/assets/{assetId}/forecast";

function getForecast(query: string) {
  return GET(new Request(`http://localhost/api/v1/assets/ew-demand/forecast${query}`, { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({ assetId: "ew-demand" }),
  });
}

beforeAll(async () => {
  h = await createJobHarness();
  await loadDemandAsset(h);
  const asset = await getAsset(h.handle.db, { idOrSlug: "ew-demand" });
  const { runId } = await h.deps.dispatch("train-model", { assetId: asset.id, metric: "demand_mw", options: FAST_TRAINING }, { trigger: "api" });
  expect(await h.runner.waitFor(runId, 170_000)).toBe("succeeded");
  setRouteDbForTests(h.handle);
  setCacheForTests(h.deps.cache);
  Object.assign(globalThis, { almanacArtifacts: h.deps.artifacts, almanacJobInference: h.deps.inference });
  key = (await createApiKey(h.handle.db, { name: "reader", scopes: ["read"] })).key;
  const [model] = await listAssetModels(h.handle.db, { assetId: asset.id });
  await refreshForecast(h.deps, { modelId: model.id });
  versionId = (await findChampion(h.handle.db, { modelId: model.id }))!.id;
}, 200_000);
afterAll(async () => {
  setCacheForTests(undefined);
  await h?.close();
});

describe("GET /api/v1/assets/{assetId}/forecast?explain=true", () => {
  it("adds per-step waterfalls that sum to the prediction, which is the served mean", async () => {
    const res = await getForecast("?explain=true&top=5");
    expect(res.status).toBe(200);
    expect(await openApiMismatches(res.clone(), "GET", PATH)).toEqual([]);
    const body = (await res.json()) as ExplainedAssetForecastResponse;
    const ex = body.explanation!;
    expect(ex.available).toBe(true);
    if (!ex.available) return;
    expect(ex.versionId).toBe(versionId);
    expect(ex.steps).toHaveLength(body.points.length);
    let maxSumErr = 0;
    let maxRelToServed = 0;
    for (const [i, s] of ex.steps.entries()) {
      expect(s.step).toBe(i + 1);
      expect(s.ts).toBe(body.points[i].ts);
      expect(s.top).toHaveLength(5);
      expect(s.rest.count).toBeGreaterThan(0);
      const abs = s.top.map((t) => Math.abs(t.contribution));
      expect(abs).toEqual([...abs].sort((a, b) => b - a));
      const sum = s.expectedValue + s.top.reduce((a, t) => a + t.contribution, 0) + s.rest.contribution;
      maxSumErr = Math.max(maxSumErr, Math.abs(sum - s.prediction) / Math.max(1, Math.abs(s.prediction)));
      maxRelToServed = Math.max(maxRelToServed, Math.abs(s.prediction - s.mean) / Math.max(1, Math.abs(s.mean)));
    }
    expect(maxSumErr).toBeLessThan(1e-9);
    // The served mean comes from the ONNX graph's float32 output: the float64 trees agree to float32 precision.
    expect(maxRelToServed).toBeLessThan(1e-5);
    expect(new Set(ex.steps.flatMap((s) => s.top.map((t) => t.family)))).not.toContain("other");
  });

  it("leaves the forecast as it was without explain, and names a bad parameter", async () => {
    const plain = await getForecast("");
    expect(plain.status).toBe(200);
    expect((await plain.json()).explanation).toBeUndefined();
    const bad = await getForecast("?explain=yes");
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain("explain");
    expect((await getForecast("?explain=true&top=0")).status).toBe(422);
  });
});

describe("getVersionImportance", () => {
  it("gives mean |SHAP| by family and feature for the champion, cached per version", async () => {
    const deps = { artifacts: h.deps.artifacts, cache: h.deps.cache };
    const imp = await getVersionImportance(h.handle.db, deps, { versionId });
    expect(imp.available).toBe(true);
    if (!imp.available) return;
    expect(imp.rows).toBeGreaterThan(100);
    expect(imp.families.length).toBeGreaterThan(2);
    const fam = imp.families.map((f) => f.meanAbsShap);
    expect(fam).toEqual([...fam].sort((a, b) => b - a));
    expect(imp.families.map((f) => f.family)).toContain("seasonal lags");
    expect(imp.features.every((f) => f.meanAbsShap >= 0 && f.family !== "other")).toBe(true);
    expect(await getJson(h.deps.cache, versionImportanceCacheKey(versionId))).toEqual(imp);
  });
});

describe("explainForecast after the history was revised", () => {
  it("refuses to explain a served number the rebuilt rows no longer give", async () => {
    const forecast = await getAssetForecast(h.deps, { assetId: (await getAsset(h.handle.db, { idOrSlug: "ew-demand" })).id });
    const origin = new Date(forecast.originTs);
    const { seriesId } = await getModel(h.handle.db, { modelId: forecast.modelId });
    await h.handle.db
      .update(observations)
      .set({ value: 1e6 })
      .where(and(eq(observations.seriesId, seriesId), eq(observations.ts, origin)));
    const ex = await explainForecast(h.handle.db, { artifacts: h.deps.artifacts }, { forecast, top: 5 });
    expect(ex).toEqual({ available: false, reason: expect.stringMatching(/history up to the origin changed/) });
  });
});
