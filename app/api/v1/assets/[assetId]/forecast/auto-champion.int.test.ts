/**
 * `algorithm: "auto"` end to end: a training job backtests the classical candidates on a daily series, registers
 * the pick with its leaderboard and a state artifact, and the REST forecast route then serves exactly what ml/
 * forecasts for the same data — also after new readings arrive (the state is filtered forward, not refitted),
 * and with the inference sidecar down (a state is served in-process, never through the sidecar). Refreshes write
 * to the cache the route reads, as the app's job and route share one.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { modelVersions } from "@/db/schema";
import { selectLocalModel, forecastLocalState } from "@/ml/models/local-state";
import { createApiKey } from "@/server/api-keys/manage-api-keys";
import { ensureAsset, getAsset } from "@/server/assets";
import { predictForAsset } from "@/server/predict/predict-asset";
import { predictBody } from "@/server/predict/schemas";
import { createMemoryCache, getCache } from "@/server/cache";
import { refreshForecast } from "@/server/forecasts/refresh-forecast";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { importCsv } from "@/server/ingest/import-csv";
import { findChampion } from "@/server/registry";
import { intervalAdaptationOf } from "@/server/forecasts/adapt-intervals";
import { realisedCoverage } from "@/server/forecasts/realised-coverage";
import { calibrationSchema } from "@/db/schema/json-columns";
import { createInferenceClient } from "@/server/serving/inference";
import { createJobHarness, type JobHarness } from "@/inngest/testing/job-harness";
import { GET as getForecast } from "./route";
import { startTraining } from "@/server/training/start-training";

const CSV = path.resolve(import.meta.dirname, "../../../../../../data/demo/seattle-weather-daily.csv");
const rows = readFileSync(CSV, "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
const TRAIN = 400;
const H = 14;
// The newest TRAIN days before the last 6 (held back, pushed later).
const trainRows = rows.slice(-(TRAIN + 6), -6);
const laterRows = rows.slice(-6);
const csv = (rs: string[][]) => "date,temp_max\n" + rs.map((r) => `${r[0]},${r[2]}`).join("\n") + "\n";

let h: JobHarness;
let key: string;
let modelId: string;

beforeAll(async () => {
  h = await createJobHarness();
  setRouteDbForTests(h.handle);
  await ensureAsset(h.handle.db, { slug: "seattle-auto", name: "Seattle", kind: "city", timezone: "America/Los_Angeles" });
  await importCsv(h.handle.db, { asset: "seattle-auto", input: csv(trainRows), options: { timestampColumn: "date", metrics: [{ column: "temp_max" }] } });
  key = (await createApiKey(h.handle.db, { name: "reader", scopes: ["read"] })).key;
}, 60_000);
afterAll(async () => h?.close());

async function restForecast() {
  const res = await getForecast(new Request("http://x/api/v1/assets/seattle-auto/forecast", { headers: { authorization: `Bearer ${key}` } }), {
    params: Promise.resolve({ assetId: "seattle-auto" }),
  });
  expect(res.status).toBe(200);
  return { forecast: (await res.json()) as { originTs: string; stale: boolean; version: { algorithm: string }; points: { ts: string; mean: number; lower: Record<string, number>; upper: Record<string, number> }[] } };
}

describe("training with algorithm auto (a daily series, classical candidates)", () => {
  const options = { algorithm: "auto" as const, horizon: H, seasonLengths: [7], levels: [80, 95], maxTrainPoints: TRAIN };
  const values = Float64Array.from(trainRows, (r) => Number(r[2]));

  it("rejects options the algorithm would ignore, naming the field", async () => {
    const deps = { db: h.handle.db, dispatch: h.deps.dispatch };
    const common = { asset: "seattle-auto", metric: "temp_max", actor: {}, trigger: "api" as const, download: { maxBytes: 1, allowHosts: [] } };
    await expect(startTraining(deps, { ...common, options: { algorithm: "gbdt", candidates: ["ets"] } })).rejects.toMatchObject({ field: "options.candidates" });
    await expect(startTraining(deps, { ...common, options: { algorithm: "auto", covariates: { past: ["x"], future: [] } } })).rejects.toMatchObject({ field: "options.covariates" });
  });

  it("registers auto's pick with its leaderboard and a verified state artifact, and serves ml's forecast over REST", async () => {
    const { runId } = await startTraining({ db: h.handle.db, dispatch: h.deps.dispatch }, {
      asset: "seattle-auto", metric: "temp_max", options, actor: {}, trigger: "api", download: { maxBytes: 1, allowHosts: [] },
    });
    expect(await h.runner.waitFor(runId, 300_000)).toBe("succeeded");
    const [version] = await h.handle.db.select().from(modelVersions).where(eq(modelVersions.jobRunId, runId));
    modelId = version.modelId;
    expect(version.state).toBe("champion");
    expect(version.manifest).toMatchObject({ format: "almanac-state", kind: "local", model: version.algorithm });
    const auto = (version.parameters as { auto: { leaderboard: { name: string }[]; chosen: string } }).auto;
    expect(auto.chosen).toBe(version.algorithm);
    expect(auto.leaderboard.map((r) => r.name)).toEqual(expect.arrayContaining(["seasonal-naive", "theta", "ets", "arima"]));
    expect((await h.deps.artifacts.getState(version.artifactSha256!)).artifact.model).toBe(version.algorithm);

    // ml/ on the same data, with the same options, outside the app.
    const ml = await selectLocalModel({ id: "x", values }, { horizon: H, seasonLengths: [7], levels: [80, 95], seed: 0 });
    expect(ml.chosen).toBe(version.algorithm);
    await refreshForecast({ ...h.deps, cache: await getCache() }, { modelId });
    const body = await restForecast();
    expect(body.forecast.points).toHaveLength(H);
    expect(body.forecast.version.algorithm).toBe(version.algorithm);
    expect(body.forecast.stale).toBe(false);
    expect(body.forecast.originTs.slice(0, 10)).toBe(trainRows[trainRows.length - 1][0]);
    body.forecast.points.forEach((p, i) => {
      expect(p.mean).toBeCloseTo(ml.forecast.mean[i], 8);
      expect(p.upper["95"]).toBeCloseTo(ml.forecast.mean[i] + Math.max(ml.forecast.upper["95"][i] - ml.forecast.mean[i], ml.forecast.mean[i] - ml.forecast.lower["95"][i]), 6);
      expect(p.lower["80"]).toBeLessThan(p.mean);
    });
  }, 300_000);

  it("new readings move the served forecast the way ml/ filters them, with the sidecar down too", async () => {
    await importCsv(h.handle.db, { asset: "seattle-auto", input: csv(laterRows), options: { timestampColumn: "date", metrics: [{ column: "temp_max" }] } });
    // A sidecar that is not there: a state is served in-process whatever the inference client would do.
    const inference = createInferenceClient({ store: h.deps.artifacts, inferenceUrl: "http://127.0.0.1:9", executionProviders: ["cpu"], timeoutMs: 200 });
    try {
      await refreshForecast({ ...h.deps, cache: await getCache(), inference }, { modelId });
    } finally {
      await inference.close();
    }
    const body = await restForecast();
    expect(body.forecast.originTs.slice(0, 10)).toBe(laterRows[laterRows.length - 1][0]);
    const champion = (await findChampion(h.handle.db, { modelId }))!;
    const { artifact } = await h.deps.artifacts.getState(champion.artifactSha256!);
    const fresh = Float64Array.from(laterRows, (r) => Number(r[2]));
    const all = Float64Array.from([...values, ...fresh]);
    const mean = await forecastLocalState(artifact.state, { history: { id: "x", values: all }, newValues: fresh, horizon: H, ctx: { seasonLengths: artifact.seasonLengths, horizon: H, seed: 0 } });
    body.forecast.points.forEach((p, i) => expect(p.mean).toBeCloseTo(mean[i], 8));
  }, 120_000);

  it("POST predict serves the state champion from stored and from posted history", async () => {
    const asset = await getAsset(h.handle.db, { idOrSlug: "seattle-auto" });
    const deps = { ...h.deps, cache: createMemoryCache() };
    const stored = await predictForAsset(deps, { asset, body: predictBody.parse({ forecast_horizon: H, levels: [95] }) });
    const served = (await restForecast()).forecast;
    expect(stored.history).toBe("stored");
    expect(stored.model.kind).toBe(served.version.algorithm);
    expect(stored.origin).toBe(served.originTs);
    stored.forecast_data.forEach((d, i) => {
      expect(d.predicted_value).toBeCloseTo(served.points[i].mean, 8);
      expect(d.upper_95).toBeCloseTo(served.points[i].upper["95"], 8);
    });

    // Posted: the last 60 days (ETS/ARIMA filter those after the end of training; nothing is stored).
    const recent = [...trainRows, ...laterRows].slice(-60);
    const body = predictBody.parse({ forecast_horizon: 7, levels: [80, 95], historical_data: recent.map((r) => ({ timestamp: r[0], value: Number(r[2]) })) });
    const posted = await predictForAsset(deps, { asset, body });
    expect(posted.history).toBe("posted");
    const champion = (await findChampion(h.handle.db, { modelId }))!;
    const { artifact } = await h.deps.artifacts.getState(champion.artifactSha256!);
    const values = Float64Array.from(recent, (r) => Number(r[2]));
    const mean = await forecastLocalState(artifact.state, {
      history: { id: "x", values },
      newValues: Float64Array.from(laterRows, (r) => Number(r[2])),
      horizon: 7,
      ctx: { seasonLengths: artifact.seasonLengths, horizon: 7, seed: 0 },
    });
    posted.forecast_data.forEach((d, i) => expect(d.predicted_value).toBeCloseTo(mean[i], 8));
    // Beyond the trained horizon, and too little posted history: 400s naming the field.
    await expect(predictForAsset(deps, { asset, body: predictBody.parse({ forecast_horizon: H + 1 }) })).rejects.toMatchObject({ field: "forecast_horizon" });
    await expect(
      predictForAsset(deps, { asset, body: predictBody.parse({ forecast_horizon: 3, historical_data: recent.slice(-5).map((r) => ({ timestamp: r[0], value: Number(r[2]) })) }) }),
    ).rejects.toMatchObject({ field: "historical_data" });
  });

  it("actuals outside the served interval widen the next one (online adaptation), and the version reports it", async () => {
    const before = (await restForecast()).forecast;
    const versionId = (await findChampion(h.handle.db, { modelId }))!.id;
    // The six readings of the test before were scored at its refresh already.
    const earlier = await intervalAdaptationOf(h.handle.db, { versionId });
    // The next three days come in 25 °C above the forecast: far outside every interval.
    const day = (i: number) => new Date(Date.parse(before.points[i].ts)).toISOString().slice(0, 10);
    const shocks = [0, 1, 2].map((i) => [day(i), "x", String(before.points[i].mean + 25)]);
    await importCsv(h.handle.db, { asset: "seattle-auto", input: csv(shocks), options: { timestampColumn: "date", metrics: [{ column: "temp_max" }] } });
    await refreshForecast({ ...h.deps, cache: await getCache() }, { modelId });
    const champion = (await findChampion(h.handle.db, { modelId }))!;
    const adaptation = await intervalAdaptationOf(h.handle.db, { versionId: champion.id });
    expect(adaptation.map((a, i) => [a.level, a.scored - earlier[i].scored, a.missed - earlier[i].missed])).toEqual([[80, 3, 3], [95, 3, 3]]);
    // Three misses: log factor + 3·η·(1 − α) at each level (α = 0.05 and 0.20).
    expect(adaptation[1].logFactor - earlier[1].logFactor).toBeCloseTo(3 * 0.05 * 0.95, 12);
    expect(adaptation[0].logFactor - earlier[0].logFactor).toBeCloseTo(3 * 0.05 * 0.8, 12);
    expect(adaptation[1].factor).toBeGreaterThan(earlier[1].factor);
    // The new forecast's half-widths are the calibrated ones times those factors (the series' scale cancels).
    const after = (await restForecast()).forecast;
    const cal = calibrationSchema.parse(champion.calibration);
    after.points.forEach((p, h) => {
      const r95 = (p.upper["95"] - p.mean) / cal.halfWidths["95"][h];
      const r80 = (p.upper["80"] - p.mean) / cal.halfWidths["80"][h];
      expect(r95 / r80).toBeCloseTo(adaptation[1].factor / adaptation[0].factor, 9);
    });
    // Scoring is once per actual: a second refresh with no new actuals leaves the factors alone.
    await refreshForecast({ ...h.deps, cache: await getCache() }, { modelId });
    expect((await intervalAdaptationOf(h.handle.db, { versionId: champion.id })).map((a) => a.scored)).toEqual(adaptation.map((a) => a.scored));
    // And the realised coverage the version page shows counts the misses.
    const cov = await realisedCoverage(h.handle.db, { versionId: champion.id });
    const c95 = cov.find((c) => c.level === 95)!;
    expect(c95.points - c95.inside).toBeGreaterThanOrEqual(3);
  });

  it("a second auto run on the same data is compared with the champion's method on the same origins and not promoted", async () => {
    const { runId } = await startTraining({ db: h.handle.db, dispatch: h.deps.dispatch }, {
      asset: "seattle-auto", metric: "temp_max", options: { ...options, promotionMargin: 0.05 }, actor: {}, trigger: "api", download: { maxBytes: 1, allowHosts: [] },
    });
    expect(await h.runner.waitFor(runId, 300_000)).toBe("succeeded");
    const [second] = await h.handle.db.select().from(modelVersions).where(eq(modelVersions.jobRunId, runId));
    const champion = (await findChampion(h.handle.db, { modelId }))!;
    expect(second.id).not.toBe(champion.id);
    expect(second.state).toBe("candidate");
    const promotion = (second.parameters as { promotion: { promote: boolean; basis: string; reason: string; championVersion: number } }).promotion;
    expect(promotion).toMatchObject({ promote: false, basis: "same-windows", championVersion: champion.version });
    expect(promotion.reason).toMatch(/the champion stays/);
  }, 300_000);
});
