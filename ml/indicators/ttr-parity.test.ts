// Every indicator against TTR's values (fixtures/*.csv from bench/r/ttr-reference.R on the shipped ticker):
// NA positions must match and values agree to 1e-8 absolute (OBV, whose values reach 1e9, to 1e-12 relative),
// and the incremental state must reproduce the batch output on every bar.
import { describe, expect, it } from "vitest";
import {
  AdxState,
  AtrState,
  BBandsState,
  CciState,
  EmaState,
  MacdState,
  ObvState,
  RocState,
  RsiState,
  SmaState,
  StochState,
  WmaState,
  WprState,
  adx,
  atr,
  bbands,
  cci,
  ema,
  macd,
  obv,
  roc,
  rsi,
  sma,
  stoch,
  wma,
  wpr,
} from "./index";
import { compare, loadFixture, loadOhlcv } from "./testing";
import type { HLCBar } from "./types";

const d = loadOhlcv();
const N = d.close.length;
const bars: (HLCBar & { volume: number })[] = Array.from({ length: N }, (_, i) => ({
  high: d.high[i],
  low: d.low[i],
  close: d.close[i],
  volume: d.volume[i],
}));

type Cols = Record<string, Float64Array>;

/** Runs a state over every bar and collects each output field into an array. */
function replay<T>(make: () => { update(b: (typeof bars)[number]): T }, fields: (v: T) => Record<string, number>): Cols {
  const s = make();
  const out: Cols = {};
  bars.forEach((b, i) => {
    const v = fields(s.update(b));
    for (const [k, x] of Object.entries(v)) (out[k] ??= new Float64Array(N))[i] = x;
  });
  return out;
}

interface Case {
  fixture: string;
  /** fixture column → batch output */
  batch: () => Cols;
  /** fixture column → incremental output on every bar */
  incremental: () => Cols;
  relative?: boolean;
}

const scalar = (v: number) => ({ v });
const close = d.close;

const cases: Case[] = [
  {
    fixture: "sma",
    batch: () => ({ sma10: sma(close, 10), sma20: sma(close, 20), sma50: sma(close, 50) }),
    incremental: () => ({
      sma10: replay(() => new SmaState(10), scalar).v,
      sma20: replay(() => new SmaState(20), scalar).v,
      sma50: replay(() => new SmaState(50), scalar).v,
    }),
  },
  {
    fixture: "ema",
    batch: () => ({
      ema10: ema(close, 10),
      ema20: ema(close, 20),
      ema14_wilder: ema(close, 14, { wilder: true }),
      ema20_wilder: ema(close, 20, { wilder: true }),
    }),
    incremental: () => ({
      ema10: replay(() => new EmaState(10), scalar).v,
      ema20: replay(() => new EmaState(20), scalar).v,
      ema14_wilder: replay(() => new EmaState(14, { wilder: true }), scalar).v,
      ema20_wilder: replay(() => new EmaState(20, { wilder: true }), scalar).v,
    }),
  },
  {
    fixture: "wma",
    batch: () => ({ wma10: wma(close, 10), wma20: wma(close, 20) }),
    incremental: () => ({
      wma10: replay(() => new WmaState(10), scalar).v,
      wma20: replay(() => new WmaState(20), scalar).v,
    }),
  },
  {
    fixture: "macd",
    batch: () => {
      const p = macd(close);
      const a = macd(close, { nFast: 12, nSlow: 26, nSig: 9, percent: false });
      return { macd_pct: p.macd, signal_pct: p.signal, macd_abs: a.macd, signal_abs: a.signal };
    },
    incremental: () => {
      const p = replay(() => new MacdState(), (v) => ({ ...v }));
      const a = replay(() => new MacdState({ percent: false }), (v) => ({ ...v }));
      return { macd_pct: p.macd, signal_pct: p.signal, macd_abs: a.macd, signal_abs: a.signal };
    },
  },
  {
    fixture: "rsi",
    batch: () => ({ rsi14: rsi(close), rsi2: rsi(close, 2) }),
    incremental: () => ({ rsi14: replay(() => new RsiState(), scalar).v, rsi2: replay(() => new RsiState(2), scalar).v }),
  },
  {
    fixture: "bbands",
    batch: () => {
      const b = bbands(d);
      const c = bbands(close, { n: 20, sd: 2 });
      return {
        ...b,
        close_dn: c.dn,
        close_mavg: c.mavg,
        close_up: c.up,
        close_pctB: c.pctB,
      };
    },
    incremental: () => {
      const b = replay(() => new BBandsState(), (v) => ({ ...v }));
      const s = new BBandsState({ n: 20, sd: 2 });
      const c = replay(() => ({ update: (bar: HLCBar) => s.update(bar.close) }), (v) => ({ ...v }));
      return { ...b, close_dn: c.dn, close_mavg: c.mavg, close_up: c.up, close_pctB: c.pctB };
    },
  },
  {
    fixture: "atr",
    batch: () => ({ ...atr(d) }),
    incremental: () => replay(() => new AtrState(), (v) => ({ ...v })),
  },
  {
    fixture: "stoch",
    batch: () => ({ ...stoch(d) }),
    incremental: () => replay(() => new StochState(), (v) => ({ ...v })),
  },
  {
    fixture: "obv",
    relative: true,
    batch: () => ({ obv: obv(d) }),
    incremental: () => ({ obv: replay(() => new ObvState(), scalar).v }),
  },
  {
    fixture: "roc",
    batch: () => ({
      roc1_continuous: roc(close),
      roc1_discrete: roc(close, { type: "discrete" }),
      roc10_continuous: roc(close, { n: 10 }),
      roc10_discrete: roc(close, { n: 10, type: "discrete" }),
    }),
    incremental: () => ({
      roc1_continuous: replay(() => new RocState(), scalar).v,
      roc1_discrete: replay(() => new RocState({ type: "discrete" }), scalar).v,
      roc10_continuous: replay(() => new RocState({ n: 10 }), scalar).v,
      roc10_discrete: replay(() => new RocState({ n: 10, type: "discrete" }), scalar).v,
    }),
  },
  {
    fixture: "cci",
    batch: () => ({ cci: cci(d) }),
    incremental: () => ({ cci: replay(() => new CciState(), scalar).v }),
  },
  {
    fixture: "wpr",
    batch: () => ({ wpr: wpr(d) }),
    incremental: () => ({ wpr: replay(() => new WprState(), scalar).v }),
  },
  {
    fixture: "adx",
    batch: () => ({ ...adx(d) }),
    incremental: () => replay(() => new AdxState(), (v) => ({ ...v })),
  },
];

describe("ml/indicators vs TTR 0.24.3 on the shipped ticker", () => {
  for (const c of cases) {
    describe(c.fixture, () => {
      const fx = loadFixture(c.fixture);
      const batch = c.batch();

      it("fixture rows are the ticker's bars", () => {
        expect(fx.date).toEqual(d.date);
      });

      it("batch equals TTR on every column (NA positions and values)", () => {
        expect(Object.keys(batch).sort()).toEqual(Object.keys(fx.cols).sort());
        for (const [col, expected] of Object.entries(fx.cols)) {
          const r = compare(batch[col], expected);
          expect(r.naMismatch, `${c.fixture}.${col} NA positions`).toEqual([]);
          // At least the non-warm-up part of the series is compared.
          expect(r.compared, `${c.fixture}.${col} compared`).toBeGreaterThan(N - 60);
          if (c.relative) expect(r.maxRel, `${c.fixture}.${col} max rel diff`).toBeLessThanOrEqual(1e-12);
          else expect(r.maxAbs, `${c.fixture}.${col} max abs diff`).toBeLessThanOrEqual(1e-8);
        }
      });

      it("incremental equals batch on every bar", () => {
        const inc = c.incremental();
        expect(Object.keys(inc).sort()).toEqual(Object.keys(batch).sort());
        for (const [col, b] of Object.entries(batch)) {
          const r = compare(inc[col], b);
          expect(r.naMismatch, `${c.fixture}.${col} NA positions`).toEqual([]);
          expect(r.maxRel, `${c.fixture}.${col} incremental vs batch`).toBeLessThanOrEqual(1e-10);
        }
      });
    });
  }
});
