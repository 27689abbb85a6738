/**
 * A ticker's bars and trend call on the demo ticker as `npm run seed` loads it, through the markets router
 * (createCaller on a test database): bars equal the shipped CSV, aligned by timestamp; the trend call reads a
 * stored champion forecast of close against the close at its origin.
 */
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { forecasts, observations, users } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { loadOhlcv } from "@/ml/indicators/testing";
import { normalCdf } from "@/ml/stats/normal";
import { getAsset, listSeries } from "@/server/assets";
import type { SessionUser } from "@/server/auth/session-user";
import { setCacheForTests } from "@/server/cache/get-cache";
import { createMemoryCache } from "@/server/cache/memory-cache";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";
import { seedDemo } from "@/server/seed/seed-demo";
import { createCaller } from "@/server/trpc/root";
import { tickerBars } from "./ticker-bars";

let handle: DbHandle;
let viewer: SessionUser;
let ttrc: string;
const csv = loadOhlcv();
const as = () => createCaller({ db: handle.db, user: viewer });

beforeAll(async () => {
  handle = await createTestDb();
  setCacheForTests(createMemoryCache());
  await seedDemo(handle.db);
  ttrc = (await getAsset(handle.db, { idOrSlug: "ttrc" })).id;
  [viewer] = await handle.db
    .insert(users)
    .values({ email: "markets-viewer@test.local", role: "viewer", passwordHash: null })
    .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
});
afterAll(async () => handle?.close());

describe("markets.bars", () => {
  it("returns the newest N bars, oldest first, equal to the shipped CSV row by row", async () => {
    const out = await as().markets.bars({ assetId: ttrc, limit: 300 });
    expect(out).toMatchObject({ totalBars: 5550, hasVolume: true });
    expect(out.bars).toHaveLength(300);
    const first = csv.date.length - 300;
    out.bars.forEach((b, i) => {
      const j = first + i;
      expect(b.ts.toISOString().slice(0, 10)).toBe(csv.date[j]);
      expect([b.open, b.high, b.low, b.close, b.volume]).toEqual([csv.open[j], csv.high[j], csv.low[j], csv.close[j], csv.volume[j]]);
    });
  });

  it("defaults to 250 bars and caps the limit", async () => {
    expect((await as().markets.bars({ assetId: ttrc })).bars).toHaveLength(250);
    await expect(as().markets.bars({ assetId: ttrc, limit: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses an asset without a complete OHLC series, naming the missing metrics and the field", async () => {
    const demand = await getAsset(handle.db, { idOrSlug: "ew-demand" });
    const err = await tickerBars(handle.db, { assetId: demand.id }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 422, field: "assetId" });
    expect((err as Error).message).toMatch(/missing "open", "high", "low", "close"/);
    await expect(as().markets.bars({ assetId: demand.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/close/) });
  });

  it("answers NOT_FOUND for an unknown asset", async () => {
    await expect(as().markets.bars({ assetId: "00000000-0000-4000-8000-00000000abcd" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("aligns by timestamp: a day missing its high is not a bar; a day missing only volume keeps null volume", async () => {
    const s = new Map((await listSeries(handle.db, { assetId: ttrc })).map((x) => [x.metric, x.id]));
    const last = new Date(`${csv.date.at(-1)}T00:00:00Z`);
    const prev = new Date(`${csv.date.at(-2)}T00:00:00Z`);
    await handle.db.delete(observations).where(and(eq(observations.seriesId, s.get("high")!), eq(observations.ts, prev)));
    await handle.db.delete(observations).where(and(eq(observations.seriesId, s.get("volume")!), eq(observations.ts, last)));
    const out = await as().markets.bars({ assetId: ttrc, limit: 3 });
    expect(out.totalBars).toBe(5549);
    expect(out.hasVolume).toBe(false);
    expect(out.bars.map((b) => b.ts.toISOString().slice(0, 10))).toEqual([csv.date.at(-4), csv.date.at(-3), csv.date.at(-1)]);
    expect(out.bars[2]).toMatchObject({ close: csv.close.at(-1), volume: null });
    // Put them back for the tests below.
    await handle.db.insert(observations).values([
      { seriesId: s.get("high")!, ts: prev, value: csv.high.at(-2)! },
      { seriesId: s.get("volume")!, ts: last, value: csv.volume.at(-1)! },
    ]);
  });
});

describe("markets.trend", () => {
  it("is null while the close has no served forecast", async () => {
    expect(await as().markets.trend({ assetId: ttrc })).toBeNull();
  });

  it("calls the champion's step 5 against the close at the forecast's origin", async () => {
    const closeSeries = (await listSeries(handle.db, { assetId: ttrc })).find((x) => x.metric === "close")!;
    const model = await ensureModel(handle.db, { assetId: ttrc, seriesId: closeSeries.id, metric: "close", horizon: 5, frequency: "1d", seasonLengths: [5] });
    const v = await createVersion(handle.db, { modelId: model.id, algorithm: "naive", codeVersion: "test" });
    await completeVersion(handle.db, {
      versionId: v.id,
      algorithm: "naive",
      parameters: {},
      featureSpec: {},
      featureSpecHash: "spec",
      trainingSnapshot: { seriesId: closeSeries.id, fromTs: "1985-01-02T00:00:00Z", toTs: "2006-12-29T00:00:00Z", rowCount: 5540, contentHash: "abc", stepMs: 86_400_000 },
      backtestMetrics: { all: { mase: 1, baselineMase: 1 } },
      calibration: {},
      backtestPlot: { ts: [], actual: [], forecast: [], baseline: [] },
      artifactUri: "file://x",
      artifactSha256: "00",
      promoteIfNoChampion: true,
    });
    // Origin ten bars before the end: the call must use that bar's close, not the newest one.
    const o = csv.date.length - 11;
    const c = csv.close[o];
    const sigma = 0.02 * c;
    const z95 = 1.959963984540054;
    const points = [1, 2, 3, 4, 5, 6].map((k) => {
      const mean = c * (1 + 0.01 * k); // step 5: +5 %
      return { ts: new Date(Date.parse(`${csv.date[o]}T00:00:00Z`) + k * 86_400_000).toISOString(), mean, lower: { "80": mean - 1, "95": mean - z95 * sigma }, upper: { "80": mean + 1, "95": mean + z95 * sigma } };
    });
    await handle.db.insert(forecasts).values({ modelId: model.id, modelVersionId: v.id, originTs: new Date(`${csv.date[o]}T00:00:00Z`), stepMs: 86_400_000, horizon: 6, levels: [80, 95], points });

    const t = (await as().markets.trend({ assetId: ttrc }))!;
    expect(t).toMatchObject({ call: "up", horizonSteps: 5, level: 95, thresholdPct: 1, lastClose: c, versionId: v.id, stepTs: points[4].ts });
    expect(t.lastCloseTs.toISOString().slice(0, 10)).toBe(csv.date[o]);
    // P(up) = 1 − Φ((1.01c − 1.05c) / 0.02c) = Φ(2); P(down) = Φ((0.99c − 1.05c) / 0.02c) = Φ(−3).
    expect(t.pUp).toBeCloseTo(0.9772498680518208, 6);
    expect(t.pDown).toBeCloseTo(normalCdf(-3), 9);
    expect(t.threshold).toBeCloseTo(0.01 * c, 9);

    // θ = 6 % makes +5 % sideways.
    const wide = (await as().markets.trend({ assetId: ttrc, thresholdPct: 6 }))!;
    expect(wide.call).toBe("sideways");
    expect(wide.pUp).toBeCloseTo(1 - 0.6914624612740131, 6); // 1 − Φ(½)
  });

  it("refuses a bad threshold and an asset without close", async () => {
    await expect(as().markets.trend({ assetId: ttrc, thresholdPct: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const demand = await getAsset(handle.db, { idOrSlug: "ew-demand" });
    await expect(as().markets.trend({ assetId: demand.id })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/close/) });
  });
});
