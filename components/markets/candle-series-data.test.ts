import { describe, expect, it } from "vitest";
import type { IndicatorBar, TickerBar } from "@/server/markets/schemas";
import { candlesOf, forecastLinesOf, lineOf, macdHistogramOf } from "./candle-series-data";

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const bars: TickerBar[] = [
  { ts: day("2024-01-02"), open: 10, high: 12, low: 9, close: 11, volume: 100 },
  { ts: day("2024-01-03"), open: 11, high: 11.5, low: 10, close: 10.5, volume: null },
  { ts: day("2024-01-04"), open: 10.5, high: 13, low: 10.4, close: 12, volume: 300 },
];
const ind = (d: string, x: Partial<IndicatorBar>): IndicatorBar =>
  ({ ts: day(d), open: null, high: null, low: null, close: 1, volume: null, sma20: null, sma50: null, ema20: null, bbDn: null, bbMavg: null, bbUp: null, rsi14: null, macd: null, macdSignal: null, atr14: null, adx14: null, obv: null, ...x });

describe("candlesOf", () => {
  it("keys bars by trading day and colours volume by the candle's direction, skipping missing volume", () => {
    const { candles, volume } = candlesOf(bars);
    expect(candles.map((c) => c.time)).toEqual(["2024-01-02", "2024-01-03", "2024-01-04"]);
    expect(candles[1]).toEqual({ time: "2024-01-03", open: 11, high: 11.5, low: 10, close: 10.5 });
    expect(volume.map((v) => [v.time, v.value])).toEqual([["2024-01-02", 100], ["2024-01-04", 300]]);
    expect(volume[0].color.startsWith("#16a34a")).toBe(true);
  });
});

describe("indicator lines", () => {
  it("leave out warm-up bars and give MACD − signal as the histogram", () => {
    const rows = [ind("2024-01-02", {}), ind("2024-01-03", { sma20: 5, macd: 1, macdSignal: 1.5 }), ind("2024-01-04", { sma20: 6, macd: 2, macdSignal: 1 })];
    expect(lineOf(rows, "sma20")).toEqual([{ time: "2024-01-03", value: 5 }, { time: "2024-01-04", value: 6 }]);
    expect(macdHistogramOf(rows).map((h) => [h.time, h.value, h.color.slice(0, 7)])).toEqual([["2024-01-03", -0.5, "#dc2626"], ["2024-01-04", 1, "#16a34a"]]);
  });
});

describe("forecastLinesOf", () => {
  const points = [1, 2, 3].map((k) => ({ ts: day(`2024-01-0${4 + k}`).toISOString(), mean: 12 + k, lower: { "80": 11 + k, "95": 10 + k }, upper: { "80": 13 + k, "95": 14 + k } }));

  it("starts the mean and the 95 % band at the origin bar's close, zero width there", () => {
    const f = forecastLinesOf({ originTs: day("2024-01-04").toISOString(), points }, bars);
    expect(f.level).toBe(95);
    expect(f.mean).toEqual([{ time: "2024-01-04", value: 12 }, { time: "2024-01-05", value: 13 }, { time: "2024-01-06", value: 14 }, { time: "2024-01-07", value: 15 }]);
    expect(f.band[0]).toEqual({ time: "2024-01-04", lower: 12, upper: 12 });
    expect(f.band[3]).toEqual({ time: "2024-01-07", lower: 13, upper: 17 });
  });

  it("uses the 80 % band when there is no 95 %, and an older origin's close", () => {
    const only80 = points.map((p) => ({ ...p, lower: { "80": p.lower["80"] }, upper: { "80": p.upper["80"] } }));
    const f = forecastLinesOf({ originTs: day("2024-01-03").toISOString(), points: only80 }, bars);
    expect(f.level).toBe(80);
    expect(f.mean[0]).toEqual({ time: "2024-01-03", value: 10.5 });
    expect(f.band[1]).toEqual({ time: "2024-01-05", lower: 12, upper: 14 });
  });

  it("draws the 80 % band when the listed 95 % level is unbounded at every step (left out of the points)", () => {
    const unbounded95 = points.map((p) => ({ ...p, lower: { "80": p.lower["80"] }, upper: { "80": p.upper["80"] } }));
    const f = forecastLinesOf({ originTs: day("2024-01-04").toISOString(), points: unbounded95 }, bars);
    expect(f.level).toBe(80);
    expect(f.band).toHaveLength(4);
  });

  it("keeps times strictly increasing (steps on a day already drawn are dropped)", () => {
    const intraday = [
      { ts: "2024-01-04T12:00:00.000Z", mean: 1, lower: {}, upper: {} },
      { ts: "2024-01-05T00:00:00.000Z", mean: 2, lower: {}, upper: {} },
      { ts: "2024-01-05T12:00:00.000Z", mean: 3, lower: {}, upper: {} },
    ];
    const f = forecastLinesOf({ originTs: "2024-01-04T00:00:00.000Z", points: intraday }, bars);
    expect(f.mean.map((m) => m.time)).toEqual(["2024-01-04", "2024-01-05"]);
    expect(f.level).toBeNull();
    expect(f.band).toHaveLength(1);
  });
});
