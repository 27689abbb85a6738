// TTR's conventions away from the happy path: leading NAs, holes, short input, flat windows, bad options.
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors";
import {
  BBandsState,
  EmaState,
  MacdState,
  ObvState,
  RsiState,
  SmaState,
  StochState,
  WmaState,
  WprState,
  atr,
  bbands,
  ema,
  macd,
  obv,
  roc,
  RocState,
  rsi,
  sma,
  stoch,
  wma,
  wpr,
} from "./index";

const x = [3, 4, 3.5, 5, 6, 5.5, 7, 6.5, 8, 7.5, 9, 8, 10, 9.5, 11, 10.5];
const lead = [Number.NaN, Number.NaN, Number.NaN, ...x];
const shifted = (a: Float64Array) => [Number.NaN, Number.NaN, Number.NaN, ...Array.from(a)];

describe("leading NaNs are skipped, as TTR skips leading NAs", () => {
  const fns: [string, (s: number[]) => Float64Array, () => { update(v: number): number }][] = [
    ["sma", (s) => sma(s, 4), () => new SmaState(4)],
    ["ema", (s) => ema(s, 4), () => new EmaState(4)],
    ["ema wilder", (s) => ema(s, 4, { wilder: true }), () => new EmaState(4, { wilder: true })],
    ["wma", (s) => wma(s, 4), () => new WmaState(4)],
    ["rsi", (s) => rsi(s, 4), () => new RsiState(4)],
    ["macd", (s) => macd(s, { nFast: 2, nSlow: 4, nSig: 3 }).signal, () => {
      const m = new MacdState({ nFast: 2, nSlow: 4, nSig: 3 });
      return { update: (v: number) => m.update(v).signal };
    }],
  ];
  for (const [name, batch, state] of fns) {
    it(`${name}: output shifts with the input, state equals batch`, () => {
      const b = batch(lead);
      expect(Array.from(b)).toEqual(shifted(batch(x)));
      const s = state();
      expect(lead.map((v) => s.update(v))).toEqual(Array.from(b));
    });
  }

  it("ema seeds with the mean of the first n values", () => {
    const e = ema(x, 4);
    expect(e[3]).toBeCloseTo((3 + 4 + 3.5 + 5) / 4, 15);
    expect(e[4]).toBeCloseTo(6 * 0.4 + e[3] * 0.6, 15);
    expect(Array.from(e.slice(0, 3)).every(Number.isNaN)).toBe(true);
  });
});

describe("a NaN after the first value is refused with its row (TTR: 'Series contains non-leading NAs')", () => {
  const holed = [1, 2, 3, Number.NaN, 5, 6];
  for (const [name, f] of [
    ["sma", () => sma(holed, 2)],
    ["ema", () => ema(holed, 2)],
    ["wma", () => wma(holed, 2)],
    ["rsi", () => rsi(holed, 2)],
    ["bbands", () => bbands(holed, { n: 2 })],
  ] as const) {
    it(name, () => {
      expect(f).toThrow(InvalidInputError);
      try {
        f();
      } catch (e) {
        expect((e as InvalidInputError).row).toBe(3);
      }
    });
  }
  it("states too", () => {
    const s = new SmaState(2);
    s.update(1);
    expect(() => s.update(Number.NaN)).toThrow(/row 1/);
  });
  it("HLC inputs refuse any NaN and unequal columns", () => {
    expect(() => atr({ high: [2, Number.NaN], low: [1, 1], close: [1.5, 1.5] })).toThrow(/high is missing \(row 1\)/);
    expect(() => wpr({ high: [2, 2], low: [1], close: [1.5, 1.5] }, 1)).toThrow(InvalidInputError);
  });
});

describe("short input and bad options", () => {
  it("fewer values than the window gives all NaN (TTR stops with an error)", () => {
    expect(Array.from(ema([1, 2, 3], 5)).every(Number.isNaN)).toBe(true);
    expect(Array.from(sma([1, 2, 3], 5)).every(Number.isNaN)).toBe(true);
    expect(Array.from(wma([], 5))).toEqual([]);
    const s = new EmaState(5);
    expect([1, 2, 3].map((v) => s.update(v)).every(Number.isNaN)).toBe(true);
  });
  it("window lengths must be integers >= 1", () => {
    expect(() => sma(x, 0)).toThrow(InvalidInputError);
    expect(() => new EmaState(2.5)).toThrow(/n must be an integer/);
    expect(() => macd(x, { nSig: -1 })).toThrow(/nSig/);
    expect(() => roc(x, { type: "log" as never })).toThrow(/type/);
  });
});

describe("flat windows", () => {
  const flat = { high: [2, 2, 2, 2, 3], low: [1, 1, 1, 1, 1], close: [2, 2, 2, 2, 2] };
  const level = { high: [1, 1, 1, 1], low: [1, 1, 1, 1], close: [1, 1, 1, 1] };
  it("WPR is 0.5 when high = low over the window (TTR: is.nan → 0.5)", () => {
    expect(Array.from(wpr(level, 2))).toEqual([Number.NaN, 0.5, 0.5, 0.5]);
    expect(Array.from(wpr(flat, 2))).toEqual([Number.NaN, 0, 0, 0, 0.5]);
    const s = new WprState(2);
    expect(level.close.map((_, i) => s.update({ high: 1, low: 1, close: 1 + 0 * i }))).toEqual([Number.NaN, 0.5, 0.5, 0.5]);
  });
  it("WPR through a flat stretch equals TTR's WPR(n = 3) (values printed by R)", () => {
    const hlc = { high: [3, 4, 5, 5, 5, 5, 5, 6, 7], low: [1, 2, 3, 5, 5, 5, 5, 4, 5], close: [2, 3, 4, 5, 5, 5, 5, 5, 6] };
    const ttr = [Number.NaN, Number.NaN, 0.25, 0, 0, 0.5, 0.5, 0.5, 1 / 3];
    const w = wpr(hlc, 3);
    ttr.forEach((v, i) => (Number.isNaN(v) ? expect(w[i]).toBeNaN() : expect(w[i]).toBeCloseTo(v, 7)));
  });
  it("stoch fastK is 0.5 when the range is 0 (TTR: NaN, then its SMA stops on the hole)", () => {
    const s = stoch(level, { nFastK: 2, nFastD: 2, nSlowD: 1 });
    expect(Array.from(s.fastK)).toEqual([Number.NaN, 0.5, 0.5, 0.5]);
    expect(Array.from(s.fastD)).toEqual([Number.NaN, Number.NaN, 0.5, 0.5]);
    const st = new StochState({ nFastK: 2, nFastD: 2, nSlowD: 1 });
    expect(level.close.map(() => st.update({ high: 1, low: 1, close: 1 }).fastD)).toEqual(Array.from(s.fastD));
  });
  it("RSI of a constant series is NaN (0/0, as in TTR)", () => {
    expect(rsi([1, 1, 1, 1], 2)[3]).toBeNaN();
  });
  it("BBands of a constant series: zero-width bands, pctB NaN", () => {
    const b = bbands([5, 5, 5], { n: 2 });
    expect([b.dn[2], b.mavg[2], b.up[2]]).toEqual([5, 5, 5]);
    expect(b.pctB[2]).toBeNaN();
    const s = new BBandsState({ n: 2 });
    s.update(5);
    s.update(5);
    expect(s.update(5).pctB).toBeNaN();
  });
  it("OBV adds nothing on an unchanged close, starts at the first volume", () => {
    const o = obv({ close: [1, 2, 2, 1.5], volume: [10, 20, 30, 40] });
    expect(Array.from(o)).toEqual([10, 30, 30, -10]);
    const s = new ObvState();
    expect([1, 2, 2, 1.5].map((c, i) => s.update({ close: c, volume: [10, 20, 30, 40][i] }))).toEqual([10, 30, 30, -10]);
    expect(() => obv({ close: [1], volume: [] })).toThrow(/volume/);
  });
});

describe("states accept a bar or a number", () => {
  it("price-series states use the bar's close", () => {
    const a = new SmaState(3);
    const b = new SmaState(3);
    for (const v of x) expect(a.update({ close: v })).toBe(b.update(v));
    const r = new RocState({ n: 2, type: "discrete" });
    expect(x.slice(0, 3).map((v) => r.update({ close: v }))).toEqual([Number.NaN, Number.NaN, 3.5 / 3 - 1]);
  });
});
