/**
 * The predict API on a champion trained here (embedded job runner, ew-demand, fast options): the seed's exact
 * shapes, posted vs stored history, the trained horizon and calibrated levels, caching and single-flight,
 * the batch endpoint's per-item answers, and per-key rate limits.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobHarness, FAST_TRAINING, loadDemandAsset, type JobHarness } from "@/inngest/testing/job-harness";
import { createApiKey } from "@/server/api-keys/manage-api-keys";
import { createAsset, getAsset, type Asset } from "@/server/assets";
import { setCacheForTests } from "@/server/cache";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { openApiMismatches } from "@/server/testing/openapi-check";
import { getRun } from "@/server/jobs";
import { predictForAsset } from "@/server/predict/predict-asset";
import { predictBody } from "@/server/predict/schemas";
import { createApiKeyRateLimiter } from "@/server/rate-limits/api-key-rate-limiter";
import { setApiKeyRateLimiterForTests } from "@/server/rate-limits/limit-request";
import type { InferenceClient } from "@/server/serving/inference";
import { eq } from "drizzle-orm";
import { forecasts, models } from "@/db/schema";
import { realisedCoverage } from "@/server/forecasts/realised-coverage";
import { metrics } from "@/server/observability/metrics";
import { withRequestId } from "@/server/observability/request-context";
import { findChampion } from "@/server/registry";
import { GET as metricsRoute } from "../../../../metrics/route";
import { POST as batchRoute } from "../../../predict/batch/route";
import { POST } from "./route";

let h: JobHarness;
let asset: Asset;
let key: string;
let lastTs: number;
const HALF_HOUR = 1_800_000;
const PREDICT = "/api/v1/assets/{assetId}/predict";

function predict(assetId: string, body: unknown, k = key) {
  return POST(
    new Request(`http://localhost/api/v1/assets/${assetId}/predict`, { method: "POST", headers: { authorization: `Bearer ${k}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
    { params: Promise.resolve({ assetId }) },
  );
}
function batch(body: unknown, k = key) {
  return batchRoute(new Request("http://localhost/api/v1/predict/batch", { method: "POST", headers: { authorization: `Bearer ${k}`, "content-type": "application/json" }, body: JSON.stringify(body) }));
}

beforeAll(async () => {
  h = await createJobHarness();
  await loadDemandAsset(h);
  const { runId } = await h.deps.dispatch("train-model", { assetId: (await getAsset(h.handle.db, { idOrSlug: "ew-demand" })).id, metric: "demand_mw", options: FAST_TRAINING }, { trigger: "api" });
  expect(await h.runner.waitFor(runId, 170_000)).toBe("succeeded");
  expect((await getRun(h.handle.db, { runId })).error).toBeNull();
  asset = await getAsset(h.handle.db, { idOrSlug: "ew-demand" });
  setRouteDbForTests(h.handle);
  setCacheForTests(h.deps.cache);
  // The routes take the app's artifact store and inference client (inngest/deps.ts): here, the harness's.
  Object.assign(globalThis, { almanacArtifacts: h.deps.artifacts, almanacJobInference: h.deps.inference });
  setApiKeyRateLimiterForTests(await createApiKeyRateLimiter({ commandTimeoutMs: 50 }));
  key = (await createApiKey(h.handle.db, { name: "plant", scopes: ["predict"] })).key;
  const stored = await predictForAsset(h.deps, { asset, body: predictBody.parse({ forecast_horizon: 1 }) });
  lastTs = Date.parse(stored.origin);
}, 200_000);
afterAll(async () => {
  setCacheForTests(undefined);
  setApiKeyRateLimiterForTests(undefined);
  await h?.close();
});

describe("POST /api/v1/assets/{asset_id}/predict", () => {
  it("forecasts from the stored history in the contract's shape", async () => {
    const res = await predict("ew-demand", { forecast_horizon: 24 });
    expect(res.status).toBe(200);
    expect(await openApiMismatches(res, "POST", PREDICT)).toEqual([]);
    expect(res.headers.get("ratelimit-limit")).toBe("600");
    const out = await res.json();
    expect(Object.keys(out).sort()).toEqual(["asset_id", "forecast_data", "history", "metric", "model", "origin", "stale"]);
    expect(out).toMatchObject({ asset_id: "ew-demand", metric: "demand_mw", history: "stored", stale: false, model: { version_id: expect.any(String), version: 1, kind: expect.any(String) } });
    expect(out.forecast_data).toHaveLength(24);
    out.forecast_data.forEach((d: Record<string, number | string>, i: number) => {
      expect(Object.keys(d).sort()).toEqual(["lower_80", "lower_95", "predicted_value", "timestamp", "upper_80", "upper_95"]);
      expect(d.timestamp).toBe(new Date(lastTs + (i + 1) * HALF_HOUR).toISOString());
      expect(d.lower_95).toBeLessThanOrEqual(d.lower_80 as number);
      expect(d.lower_80).toBeLessThan(d.predicted_value as number);
      expect(d.predicted_value).toBeLessThan(d.upper_80 as number);
      expect(d.upper_80).toBeLessThanOrEqual(d.upper_95 as number);
    });
    // With few backtest windows a step's 80 % and 95 % half-widths can tie; over the horizon 95 % is wider.
    const width = (lv: number) => out.forecast_data.reduce((s: number, d: Record<string, number>) => s + d[`upper_${lv}`] - d[`lower_${lv}`], 0);
    expect(width(95)).toBeGreaterThan(width(80));
  });

  it("applies the champion to posted history: the stored readings give the stored answer, scaled readings a scaled one", async () => {
    const stored = await predictForAsset(h.deps, { asset, body: predictBody.parse({ forecast_horizon: 12 }) });
    const { readObservations, getSeries } = await import("@/server/assets");
    const series = await getSeries(h.handle.db, { assetId: asset.id, metric: "demand_mw" });
    const obs = await readObservations(h.handle.db, { seriesId: series.id });
    const recent = obs.slice(-2000).map((o) => ({ timestamp: o.ts.toISOString(), value: o.value, temp: 20 }));
    const same = await (await predict("ew-demand", { forecast_horizon: 12, historical_data: recent })).json();
    expect(same.history).toBe("posted");
    same.forecast_data.forEach((d: Record<string, number>, i: number) => expect(d.predicted_value).toBeCloseTo(stored.forecast_data[i].predicted_value as number, 6));
    const scaled = await (await predict("ew-demand", { forecast_horizon: 12, historical_data: recent.map((p) => ({ ...p, value: p.value * 1.2 })) })).json();
    const ratio = scaled.forecast_data.map((d: Record<string, number>, i: number) => d.predicted_value / (stored.forecast_data[i].predicted_value as number));
    for (const r of ratio) expect(r).toBeGreaterThan(1.1);
  });

  it("refuses a horizon beyond the trained one, uncalibrated levels and too little history, naming the field", async () => {
    const far = await predict("ew-demand", { forecast_horizon: 500 });
    expect(far.status).toBe(422);
    expect(await openApiMismatches(far, "POST", PREDICT)).toEqual([]);
    expect(await far.json()).toMatchObject({ field: "forecast_horizon", detail: expect.stringMatching(/at most 48/) });
    const lv = await predict("ew-demand", { forecast_horizon: 4, levels: [80, 99] });
    expect(await lv.json()).toMatchObject({ status: 422, field: "levels[1]" });
    const short = await predict("ew-demand", { forecast_horizon: 4, historical_data: [{ timestamp: "2000-08-27T00:00:00Z", value: 1 }] });
    expect(await short.json()).toMatchObject({ status: 422, field: "historical_data" });
    const bad = await predict("ew-demand", { forecast_horizon: 4, historical_data: [{ timestamp: "soon", value: 1 }] });
    expect(await bad.json()).toMatchObject({ status: 422, field: "historical_data[0].timestamp", row: 1 });
    expect((await predict("ew-demand", { forecast_horizon: 0 })).status).toBe(422);
  });

  it("a burst of identical requests computes once, and the answer is then cached", async () => {
    let calls = 0;
    const counting: InferenceClient = new Proxy(h.deps.inference, {
      get: (target, prop, recv) => (prop === "infer" ? (...a: Parameters<InferenceClient["infer"]>) => (calls++, target.infer(...a)) : Reflect.get(target, prop, recv)),
    });
    const deps = { ...h.deps, inference: counting };
    const body = predictBody.parse({ forecast_horizon: 7 });
    const answers = await Promise.all(Array.from({ length: 10 }, () => predictForAsset(deps, { asset, body })));
    expect(calls).toBe(1);
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    await predictForAsset(deps, { asset, body });
    expect(calls).toBe(1);
  });

  it("an asset without a trained model is a 409 naming what to do", async () => {
    await createAsset(h.handle.db, { slug: "line-c", name: "Line C", kind: "meter", timezone: "UTC" });
    const res = await predict("line-c", { forecast_horizon: 4 });
    expect(res.status).toBe(409);
    expect(await openApiMismatches(res, "POST", PREDICT)).toEqual([]);
    expect((await res.json()).detail).toMatch(/no trained model yet/);
  });
});

describe("POST /api/v1/predict/batch", () => {
  it("answers every item on its own: results and per-item problems, in order", async () => {
    const res = await batch({
      items: [
        { asset_id: "ew-demand", forecast_horizon: 6 },
        { asset_id: "nowhere", forecast_horizon: 6 },
        { asset_id: "ew-demand", forecast_horizon: 400 },
        { asset_id: "line-c", forecast_horizon: 6 },
      ],
    });
    expect(res.status).toBe(200);
    expect(await openApiMismatches(res, "POST", "/api/v1/predict/batch")).toEqual([]);
    const { results } = await res.json();
    expect(results.map((r: { status: number }) => r.status)).toEqual([200, 404, 422, 409]);
    expect(results[0].result.forecast_data).toHaveLength(6);
    expect(results[2].problem).toMatchObject({ field: "items[2].forecast_horizon" });
    expect(results[1].problem.detail).toMatch(/nowhere/);
  });

  it("refuses more than 100 items and bad items' shapes with 422", async () => {
    const many = await batch({ items: Array.from({ length: 101 }, () => ({ asset_id: "ew-demand", forecast_horizon: 1 })) });
    expect(many.status).toBe(422);
    const bad = await batch({ items: [{ asset_id: "ew-demand" }] });
    expect(await bad.json()).toMatchObject({ status: 422, field: "items[0].forecast_horizon" });
  });

  it("each item counts against the key's limit: past it, 429 with Retry-After", async () => {
    const k = (await createApiKey(h.handle.db, { name: "burst", scopes: ["predict"] })).key;
    const items = Array.from({ length: 100 }, () => ({ asset_id: "ew-demand", forecast_horizon: 2 }));
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await batch({ items }, k);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expect(await openApiMismatches(last!, "POST", "/api/v1/predict/batch")).toEqual([]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(last!.headers.get("ratelimit-remaining")).toBe("0");
    expect(await last!.json()).toMatchObject({ status: 429, type: "/problems/rate_limited" });
    // A single predict by the same key is refused too; another key is not.
    expect((await predict("ew-demand", { forecast_horizon: 2 }, k)).status).toBe(429);
    expect((await predict("ew-demand", { forecast_horizon: 2 })).status).toBe(200);
  });
});

describe("admission by the rate limit, asked while the model is resolved", () => {
  it("a refused request runs no model; a cached answer needs no wait, and a refused key gets 429 even with a bad body", async () => {
    let calls = 0;
    const counting: InferenceClient = new Proxy(h.deps.inference, {
      get: (target, prop, recv) => (prop === "infer" ? (...a: Parameters<InferenceClient["infer"]>) => (calls++, target.infer(...a)) : Reflect.get(target, prop, recv)),
    });
    const deps = { ...h.deps, inference: counting };
    const { NotAdmittedError } = await import("@/server/predict/predict-asset");
    await expect(predictForAsset(deps, { asset, body: predictBody.parse({ forecast_horizon: 13 }), admitted: Promise.resolve(false) })).rejects.toBeInstanceOf(NotAdmittedError);
    expect(calls).toBe(0);
    const computed = await predictForAsset(deps, { asset, body: predictBody.parse({ forecast_horizon: 13 }), admitted: Promise.resolve(true) });
    expect(calls).toBe(1);
    expect(await predictForAsset(deps, { asset, body: predictBody.parse({ forecast_horizon: 13 }), admitted: new Promise(() => {}) })).toEqual(computed);

    const k = (await createApiKey(h.handle.db, { name: "tiny", scopes: ["predict"], rateLimitPerMinute: 1 })).key;
    expect((await predict("ew-demand", { forecast_horizon: 2 }, k)).status).toBe(200);
    const refused = await predict("ew-demand", { forecast_horizon: "lots" }, k);
    expect(refused.status).toBe(429);
    expect(await openApiMismatches(refused, "POST", PREDICT)).toEqual([]);
  });
});

describe("what the predict path puts in the metrics", () => {
  const valueOf = async (m: { get(): Promise<{ values: { labels: Record<string, string | number>; value: number; metricName?: string }[] }> }, labels: Record<string, string>, suffix = "") =>
    (await m.get()).values
      .filter((v) => (suffix ? v.metricName?.endsWith(suffix) : true) && Object.entries(labels).every(([k, x]) => v.labels[k] === x))
      .reduce((s, v) => s + v.value, 0);

  it("counts predict cache misses and hits", async () => {
    const [miss0, hit0] = [await valueOf(metrics().cacheRequests, { cache: "predict", result: "miss" }), await valueOf(metrics().cacheRequests, { cache: "predict", result: "hit" })];
    expect((await predict("ew-demand", { forecast_horizon: 11 })).status).toBe(200);
    expect((await predict("ew-demand", { forecast_horizon: 11 })).status).toBe(200);
    expect(await valueOf(metrics().cacheRequests, { cache: "predict", result: "miss" })).toBe(miss0 + 1);
    expect(await valueOf(metrics().cacheRequests, { cache: "predict", result: "hit" })).toBe(hit0 + 1);
  });

  it("observes job durations by job and outcome, and a run records the request that started it", async () => {
    // The training run of beforeAll finished through finishRun.
    expect(await valueOf(metrics().jobDuration, { job: "train-model", outcome: "succeeded" }, "_count")).toBeGreaterThanOrEqual(1);
    const failed0 = await valueOf(metrics().jobDuration, { job: "train-model", outcome: "failed" }, "_count");
    const { runId } = await withRequestId("req-train-77", () =>
      h.deps.dispatch("train-model", { assetId: "00000000-0000-4000-8000-000000000000", metric: "demand_mw", options: FAST_TRAINING }, { trigger: "api" }),
    );
    expect((await getRun(h.handle.db, { runId })).requestId).toBe("req-train-77");
    expect(await h.runner.waitFor(runId, 30_000)).toBe("failed");
    expect(await valueOf(metrics().jobDuration, { job: "train-model", outcome: "failed" }, "_count")).toBe(failed0 + 1);
  });

  it("reports realised coverage per version and level from stored forecasts and the actuals", async () => {
    const { getSeries, readObservations } = await import("@/server/assets");
    const series = await getSeries(h.handle.db, { assetId: asset.id, metric: "demand_mw" });
    const last4 = (await readObservations(h.handle.db, { seriesId: series.id })).slice(-4);
    const [model] = await h.handle.db.select().from(models).where(eq(models.seriesId, series.id));
    const champion = (await findChampion(h.handle.db, { modelId: model.id }))!;
    // A forecast made before those four readings: three intervals hold the actual, one misses it (80 %);
    // at 95 % all four hold it.
    const points = last4.map((o, i) => ({
      ts: o.ts.toISOString(),
      mean: o.value,
      lower: { "80": i === 2 ? o.value + 1 : o.value - 1, "95": o.value - 5 },
      upper: { "80": i === 2 ? o.value + 2 : o.value + 1, "95": o.value + 5 },
    }));
    await h.handle.db.insert(forecasts).values({ modelId: model.id, modelVersionId: champion.id, originTs: new Date(last4[0].ts.getTime() - HALF_HOUR), stepMs: HALF_HOUR, horizon: 4, levels: [80, 95], points });
    const rows = (await realisedCoverage(h.handle.db)).filter((r) => r.versionId === champion.id);
    expect(rows.find((r) => r.level === 80)).toMatchObject({ points: 4, inside: 3, ratio: 0.75 });
    expect(rows.find((r) => r.level === 95)).toMatchObject({ points: 4, inside: 4, ratio: 1 });
    const res = await metricsRoute(new Request("http://localhost/api/metrics", { headers: { "x-forwarded-for": "127.0.0.1" } }));
    const text = await res.text();
    expect(text).toContain(`almanac_interval_coverage_ratio{version_id="${champion.id}",level="80"} 0.75`);
    expect(text).toMatch(/almanac_inference_requests_total\{served_by="in-process"\} [1-9]/);
  });
});
