/**
 * A ticker's indicators through the service, on the demo ticker as `npm run seed` loads it: the values equal R's
 * TTR (the fixtures ml/indicators was checked against), so what the page draws is what TTR computes.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { getAsset } from "@/server/assets";
import { seedDemo } from "@/server/seed/seed-demo";
import { tickerIndicators } from "./ticker-indicators";

let handle: DbHandle;
let ttrc: string;

/** date → row of a TTR fixture (NA → NaN). */
function fixture(name: string): Map<string, Record<string, number>> {
  const [header, ...lines] = readFileSync(path.resolve(`ml/indicators/fixtures/${name}.csv`), "utf8").trim().split("\n");
  const cols = header.split(",");
  return new Map(lines.map((l) => {
    const v = l.split(",");
    return [v[0], Object.fromEntries(cols.slice(1).map((c, i) => [c, v[i + 1] === "NA" ? NaN : Number(v[i + 1])]))];
  }));
}

beforeAll(async () => {
  handle = await createTestDb();
  await seedDemo(handle.db);
  ttrc = (await getAsset(handle.db, { idOrSlug: "ttrc" })).id;
});
afterAll(async () => handle?.close());

describe("tickerIndicators", () => {
  it("returns the last 250 bars by default with indicators equal to TTR's", async () => {
    const out = await tickerIndicators(handle.db, { assetId: ttrc });
    expect(out).toMatchObject({ hasRange: true, hasVolume: true, totalBars: 5550 });
    expect(out.bars).toHaveLength(250);
    const [sma, rsi, macd, bb, adx, atr, obv, ema] = ["sma", "rsi", "macd", "bbands", "adx", "atr", "obv", "ema"].map(fixture);
    let checked = 0;
    for (const b of out.bars) {
      const d = b.ts.toISOString().slice(0, 10);
      const close = (x: number | null, ref: number) => expect(x!).toBeCloseTo(ref, 8);
      close(b.sma20, sma.get(d)!.sma20);
      close(b.sma50, sma.get(d)!.sma50);
      close(b.ema20, ema.get(d)!.ema20);
      close(b.rsi14, rsi.get(d)!.rsi14);
      close(b.macd, macd.get(d)!.macd_pct);
      close(b.macdSignal, macd.get(d)!.signal_pct);
      close(b.bbUp, bb.get(d)!.up);
      close(b.bbDn, bb.get(d)!.dn);
      close(b.adx14, adx.get(d)!.ADX);
      close(b.atr14, atr.get(d)!.atr);
      expect(b.obv).toBe(obv.get(d)!.obv);
      checked++;
    }
    expect(checked).toBe(250);
  });

  it("answers a date range, with warm-up bars as null", async () => {
    const out = await tickerIndicators(handle.db, { assetId: ttrc, from: new Date("1985-01-01"), to: new Date("1985-03-31") });
    expect(out.bars[0].ts.toISOString().slice(0, 10)).toBe("1985-01-02");
    expect(out.bars.at(-1)!.ts.getTime()).toBeLessThanOrEqual(Date.parse("1985-03-31"));
    expect(out.bars[0]).toMatchObject({ sma20: null, rsi14: null, macd: null });
    expect(out.bars[19].sma20).not.toBeNull();
  });

  it("refuses an asset without a close series, naming the field", async () => {
    const demand = await getAsset(handle.db, { idOrSlug: "ew-demand" });
    await expect(tickerIndicators(handle.db, { assetId: demand.id })).rejects.toMatchObject({ status: 422, field: "assetId" });
  });
});
