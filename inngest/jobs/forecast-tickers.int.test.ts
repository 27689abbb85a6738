/**
 * forecast-tickers on the embedded runner (real Postgres with TEST_DATABASE_URL): the shipped TTR ticker's last
 * 800 closes (to 2006-12-29) get a 5-trading-day forecast stored as the close model's champion; the ticker page's
 * reads (models.assetForecast, markets.trend, markets.forecastBacktest) serve it; its dates skip 2007-01-02
 * (the NYSE closure for President Ford); a second run promotes a new version; the hourly refresh leaves it alone.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forecasts, modelVersions } from "@/db/schema";
import { ensureAsset } from "@/server/assets";
import { getAssetForecast, refreshForecast } from "@/server/forecasts";
import { ValidationError } from "@/server/http/errors";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { listForecastableTickers } from "@/server/markets/forecast-tickers";
import { tickerForecastBacktest } from "@/server/markets/ticker-forecast-backtest";
import type { ForecastTickersPayload } from "@/server/markets/schemas";
import { tickerTrend } from "@/server/markets/ticker-trend";
import { createJobHarness, type JobHarness } from "../testing/job-harness";
import { forecastTickersJob } from "./forecast-tickers";
import { getRun } from "@/server/jobs/get-job-run";

const FAST: ForecastTickersPayload = { candidates: ["rw-drift", "theta"], evalOrigins: 40, calibrationWindow: 60 };

let h: JobHarness;
let tickerId: string;
let shortId: string;
let cityId: string;

function ttrcCloses(last: number) {
  const rows = readFileSync(path.resolve(import.meta.dirname, "../../data/demo/ttrc-daily-ohlcv.csv"), "utf8").trim().split(/\r?\n/).slice(1);
  return rows.slice(-last).map((l) => {
    const [d, , , , close] = l.split(",");
    return { tsMs: Date.parse(`${d}T00:00:00Z`), value: Number(close) };
  });
}

beforeAll(async () => {
  h = await createJobHarness({ definitions: [forecastTickersJob] });
  const db = h.handle.db;
  tickerId = (await ensureAsset(db, { slug: "ttrc-fc", name: "TTRC", kind: "ticker" })).id;
  await ingestBatch(db, { assetId: tickerId, source: "test", series: [{ metric: "close", points: ttrcCloses(800) }] });
  shortId = (await ensureAsset(db, { slug: "short-fc", name: "Short", kind: "ticker" })).id;
  await ingestBatch(db, { assetId: shortId, source: "test", series: [{ metric: "close", points: ttrcCloses(50) }] });
  cityId = (await ensureAsset(db, { slug: "city-fc", name: "City", kind: "city" })).id;
}, 120_000);
afterAll(async () => h?.close());

describe("forecast-tickers job", () => {
  it("stores each ticker's 5-day forecast as its close champion; the page's reads serve it", async () => {
    const { runId } = await h.deps.dispatch("forecast-tickers", FAST, { trigger: "api" });
    const st = await h.runner.waitFor(runId, 170_000);
    if (st !== "succeeded") console.log(JSON.stringify(await getRun(h.handle.db, { runId })));
    expect(st).toBe("succeeded");

    const f = await getAssetForecast(h.deps, { assetId: tickerId, metric: "close" });
    expect(f.originTs).toBe("2006-12-29T00:00:00.000Z");
    expect(f.points.map((p) => p.ts.slice(0, 10))).toEqual(["2007-01-03", "2007-01-04", "2007-01-05", "2007-01-08", "2007-01-09"]);
    expect(f.stale).toBe(false);
    for (const p of f.points) {
      expect(p.lower["95"]).toBeLessThan(p.lower["80"]);
      expect(p.lower["80"]).toBeLessThanOrEqual(p.mean);
      expect(p.upper["80"]).toBeGreaterThanOrEqual(p.mean);
      expect(p.upper["95"]).toBeGreaterThan(p.upper["80"]);
    }
    expect(f.version.algorithm).toMatch(/^markets:(rw|rw-drift|theta)$/);

    const trend = await tickerTrend(h.deps, { assetId: tickerId });
    expect(trend).not.toBeNull();
    expect(trend!.versionId).toBe(f.version.id);
    expect(trend!.stepTs.slice(0, 10)).toBe("2007-01-09");

    const bt = await tickerForecastBacktest(h.handle.db, { assetId: tickerId });
    expect(bt).toMatchObject({ versionId: f.version.id, baseline: "rw", horizonSteps: 5, thresholdPct: 1 });
    expect(bt!.candidates.map((c) => c.name).sort()).toEqual(["rw", "rw-drift", "theta"]);
    const rw = bt!.candidates.find((c) => c.name === "rw")!;
    expect(rw.maseVsRandomWalk).toBe(1);
    expect(rw.origins).toBe(40);
    expect(rw.coverage95).toBeGreaterThan(0.8);
    expect(rw.coverage80).toBeLessThan(rw.coverage95);

    // The short ticker was skipped with its reason, not failed: it has no forecast.
    expect(await tickerForecastBacktest(h.handle.db, { assetId: shortId })).toBeNull();
    expect(await tickerTrend(h.deps, { assetId: shortId })).toBeNull();
  });

  it("a second run promotes a new version (one champion), and refresh-forecasts leaves ticker forecasts alone", async () => {
    const before = await tickerForecastBacktest(h.handle.db, { assetId: tickerId });
    const { runId } = await h.deps.dispatch("forecast-tickers", { ...FAST, assetId: tickerId }, { trigger: "api" });
    expect(await h.runner.waitFor(runId, 170_000)).toBe("succeeded");
    const after = await tickerForecastBacktest(h.handle.db, { assetId: tickerId });
    expect(after!.versionNumber).toBe(before!.versionNumber + 1);
    const f = await getAssetForecast(h.deps, { assetId: tickerId, metric: "close" });
    expect(f.version.id).toBe(after!.versionId);
    const champions = await h.handle.db
      .select({ id: modelVersions.id })
      .from(modelVersions)
      .where(and(eq(modelVersions.modelId, f.modelId), eq(modelVersions.state, "champion")));
    expect(champions).toHaveLength(1);

    const rowsBefore = (await h.handle.db.select({ id: forecasts.id }).from(forecasts).where(eq(forecasts.modelId, f.modelId))).length;
    expect(await refreshForecast(h.deps, { modelId: f.modelId })).toBeNull();
    expect((await h.handle.db.select({ id: forecasts.id }).from(forecasts).where(eq(forecasts.modelId, f.modelId))).length).toBe(rowsBefore);
  });

  it("refuses an asset that is not a ticker, naming the field; the run fails without writing", async () => {
    await expect(listForecastableTickers(h.handle.db, { assetId: cityId })).rejects.toMatchObject({ name: ValidationError.name, field: "assetId" });
    const { runId } = await h.deps.dispatch("forecast-tickers", { assetId: cityId }, { trigger: "api" });
    expect(await h.runner.waitFor(runId, 60_000)).toBe("failed");
  });
});
