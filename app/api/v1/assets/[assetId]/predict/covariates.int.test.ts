/**
 * Covariates end to end: a model trained here (embedded runner) on a meter whose load follows its production
 * plan (a future covariate) and its temperature (a past covariate); `predict` uses the posted extra fields,
 * the stored covariate series, and `future_covariates`, and says in a 422 what a covariate model is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJobHarness, type JobHarness } from "@/inngest/testing/job-harness";
import { createApiKey } from "@/server/api-keys/manage-api-keys";
import { createAsset, type Asset } from "@/server/assets";
import { setCacheForTests } from "@/server/cache";
import { refreshForecast } from "@/server/forecasts/refresh-forecast";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { getRun } from "@/server/jobs";
import { findChampion, listAssetModels } from "@/server/registry";
import { openApiMismatches } from "@/server/testing/openapi-check";
import { POST } from "./route";

const HALF_HOUR = 1_800_000;
const N = 2_400;
const T0 = Date.UTC(2025, 0, 6);
let h: JobHarness;
let asset: Asset;
let key: string;

/** Deterministic pseudo-random production plan: blocks of 0–4 machines for 1–6 hours. */
function plan(n: number, seed: number): number[] {
  let x = seed;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const out: number[] = [];
  while (out.length < n) {
    const level = Math.floor(rand() * 5);
    const len = 2 + Math.floor(rand() * 11);
    for (let k = 0; k < len && out.length < n; k++) out.push(level);
  }
  return out;
}
const production = plan(N + 48, 7);
const temp = Array.from({ length: N + 48 }, (_, i) => 15 + 6 * Math.sin((2 * Math.PI * i) / 48));
/** Load: 50 kW per running machine, a little cooling with the temperature, a small daily base. */
const load = production.map((p, i) => 100 + 50 * p + 2 * temp[i] + 10 * Math.sin((2 * Math.PI * (i % 48)) / 48));

function predict(body: unknown) {
  return POST(
    new Request(`http://localhost/api/v1/assets/${asset.slug}/predict`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) }),
    { params: Promise.resolve({ assetId: asset.slug }) },
  );
}
const reading = (i: number) => ({ timestamp: new Date(T0 + i * HALF_HOUR).toISOString(), value: load[i], temp: temp[i], production: production[i] });
const futurePlan = (machines: (i: number) => number) => Array.from({ length: 24 }, (_, k) => ({ production: machines(N + k) }));

beforeAll(async () => {
  h = await createJobHarness();
  asset = await createAsset(h.handle.db, { slug: "press-line-3", name: "Press line 3", kind: "meter", timezone: "UTC" });
  const points = (values: number[]) => values.slice(0, N).map((value, i) => ({ tsMs: T0 + i * HALF_HOUR, value }));
  await ingestBatch(h.handle.db, {
    assetId: asset.id,
    source: "test",
    series: [
      { metric: "load_kw", unit: "kW", points: points(load) },
      { metric: "temp", unit: "°C", points: points(temp) },
      { metric: "production", unit: "machines", points: points(production) },
    ],
  });
  const options = { horizon: 24, seasonLengths: [48], maxTrials: 2, searchBudgetMs: 20_000, maxTrees: 60, earlyStoppingRounds: 10, backtestWindows: 3, covariates: { past: ["temp"], future: ["production"] } };
  const { runId } = await h.deps.dispatch("train-model", { assetId: asset.id, metric: "load_kw", options }, { trigger: "api" });
  expect(await h.runner.waitFor(runId, 170_000)).toBe("succeeded");
  expect((await getRun(h.handle.db, { runId })).error).toBeNull();
  setRouteDbForTests(h.handle);
  setCacheForTests(h.deps.cache);
  Object.assign(globalThis, { almanacArtifacts: h.deps.artifacts, almanacJobInference: h.deps.inference });
  key = (await createApiKey(h.handle.db, { name: "plant", scopes: ["predict"] })).key;
}, 200_000);
afterAll(async () => {
  setCacheForTests(undefined);
  await h?.close();
});

describe("predict with covariates", () => {
  it("the trained version records its covariates in the feature spec", async () => {
    const [model] = await listAssetModels(h.handle.db, { assetId: asset.id, metric: "load_kw" });
    const champion = await findChampion(h.handle.db, { modelId: model.id });
    expect(champion?.featureSpec).toMatchObject({ pastCovariates: ["temp"], futureCovariates: ["production"] });
  });

  it("follows the posted production plan: more machines, more load", async () => {
    const history = Array.from({ length: 1_000 }, (_, k) => reading(N - 1_000 + k));
    const high = await predict({ forecast_horizon: 24, historical_data: history, future_covariates: futurePlan(() => 4) });
    expect(high.status).toBe(200);
    expect(await openApiMismatches(high.clone(), "POST", "/api/v1/assets/{assetId}/predict")).toEqual([]);
    const low = await (await predict({ forecast_horizon: 24, historical_data: history, future_covariates: futurePlan(() => 0) })).json();
    const hi = await high.json();
    const mean = (d: { predicted_value: number }[]) => d.reduce((s, x) => s + x.predicted_value, 0) / d.length;
    // 4 machines × 50 kW: the forecasts differ by most of it.
    expect(mean(hi.forecast_data) - mean(low.forecast_data)).toBeGreaterThan(120);
    // And against the true load under the real plan, the forecast is close.
    const real = await (await predict({ forecast_horizon: 24, historical_data: history, future_covariates: futurePlan((i) => production[i]) })).json();
    const mae = real.forecast_data.reduce((s: number, d: { predicted_value: number }, k: number) => s + Math.abs(d.predicted_value - load[N + k]), 0) / 24;
    // The seasonal-naive forecast (yesterday's load) knows nothing of the plan.
    const naive = Array.from({ length: 24 }, (_, k) => Math.abs(load[N + k - 48] - load[N + k])).reduce((a, b) => a + b, 0) / 24;
    console.log(`[predict, covariates] MAE with the real plan ${mae.toFixed(1)} kW vs seasonal naive ${naive.toFixed(1)} kW`);
    expect(mae).toBeLessThan(0.5 * naive);
  });

  it("uses the stored temperature and production series on the stored-history path", async () => {
    const res = await predict({ forecast_horizon: 12, future_covariates: futurePlan((i) => production[i]) });
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out.history).toBe("stored");
    const mae = out.forecast_data.reduce((s: number, d: { predicted_value: number }, k: number) => s + Math.abs(d.predicted_value - load[N + k]), 0) / 12;
    const naive = Array.from({ length: 12 }, (_, k) => Math.abs(load[N + k - 48] - load[N + k])).reduce((a, b) => a + b, 0) / 12;
    expect(mae).toBeLessThan(0.5 * naive);
  });

  it("says what a covariate model is missing, naming the field", async () => {
    const history = Array.from({ length: 1_000 }, (_, k) => reading(N - 1_000 + k));
    const noFuture = await predict({ forecast_horizon: 24, historical_data: history });
    expect(noFuture.status).toBe(422);
    expect(await noFuture.json()).toMatchObject({ field: "future_covariates", detail: expect.stringMatching(/production/) });
    const short = await predict({ forecast_horizon: 24, historical_data: history, future_covariates: futurePlan(() => 1).slice(0, 10) });
    expect(await short.json()).toMatchObject({ status: 422, field: "future_covariates" });
    const badValue = await predict({ forecast_horizon: 2, historical_data: history, future_covariates: [{ production: 1 }, { production: "lots" }] });
    expect(await badValue.json()).toMatchObject({ status: 422, field: "future_covariates[1].production", row: 2 });
    const noTemp = await predict({ forecast_horizon: 2, historical_data: history.map(({ temp: _t, ...r }) => r), future_covariates: futurePlan(() => 1) });
    expect(await noTemp.json()).toMatchObject({ status: 422, field: "historical_data[0].temp" });
  });

  it("refuses covariates the asset does not have, naming the option", async () => {
    const { runId } = await h.deps.dispatch("train-model", { assetId: asset.id, metric: "load_kw", options: { covariates: { past: ["humidity"] } } }, { trigger: "api" });
    expect(await h.runner.waitFor(runId, 60_000)).toBe("failed");
    expect((await getRun(h.handle.db, { runId })).error).toMatchObject({ message: expect.stringMatching(/options\.covariates\.past\[0\].*humidity/) });
  });

  it("the forecast refresh does not precompute a forecast that needs future covariates", async () => {
    const [model] = await listAssetModels(h.handle.db, { assetId: asset.id, metric: "load_kw" });
    expect(await refreshForecast(h.deps, { modelId: model.id })).toBeNull();
  });
});
