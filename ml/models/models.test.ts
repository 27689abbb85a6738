import { describe, expect, it } from "vitest";
import { fitAndForecast } from "../backtest/tolerant-forecast";
import { InvalidInputError, ModelStateError } from "../errors";
import type { Series } from "../types";
import { createDriftForecaster } from "./drift";
import { createEnsembleForecaster } from "./ensemble";
import { createMovingAverageForecaster } from "./moving-average";
import { createNaiveForecaster } from "./naive";
import { createSeasonalNaiveForecaster } from "./seasonal-naive";
import { createAutoEtsForecaster, createMstlForecaster } from "./augurs-models";

const periodic = (n: number, m: number): Series => {
  const pattern = Array.from({ length: m }, (_, i) => 10 + 3 * i - (i % 2) * 7);
  return { id: "p", values: Float64Array.from({ length: n }, (_, t) => pattern[t % m]) };
};

describe("baseline models", () => {
  it("seasonal naive is exact on a periodic series, with zero-width intervals", async () => {
    const s = periodic(5 * 7 + 3, 7);
    const f = createSeasonalNaiveForecaster();
    await f.fit([s], { seasonLengths: [7], horizon: 20 });
    const [out] = await f.forecast(20, [95]);
    const truth = periodic(100, 7).values;
    for (let h = 0; h < 20; h++) expect(out.mean[h]).toBe(truth[s.values.length + h]);
    expect(out.intervals[0].upper[0] - out.intervals[0].lower[0]).toBe(0);
  });

  it("seasonal naive skips a missing seasonal value and widens its interval", async () => {
    // The first season differs from the later ones, so the seasonal differences (σ) are not zero.
    const v = Float64Array.from([1.5, 2.5, 3.5, 1, 2, 3, 1, 2.5, 3]);
    v[7] = NaN;
    const f = createSeasonalNaiveForecaster({ seasonLength: 3 });
    await f.fit([{ id: "a", values: v }], { seasonLengths: [3], horizon: 3 });
    const [out] = await f.forecast(3, [80]);
    expect(Array.from(out.mean)).toEqual([1, 2, 3]);
    // Step 2 reaches back two seasons (v[4]) instead of one: sd σ√2 against its neighbours' σ.
    const width = (h: number) => out.intervals[0].upper[h] - out.intervals[0].lower[h];
    expect(width(0)).toBeGreaterThan(0);
    expect(width(1)).toBeGreaterThan(width(0));
    expect(width(1)).toBeGreaterThan(width(2));
    expect(width(1) / width(0)).toBeCloseTo(Math.SQRT2, 12);
  });

  it("naive, drift and moving average: hand values and growing naive intervals", async () => {
    const s: Series = { id: "a", values: Float64Array.from([1, 3, 2, 4, 5]) };
    const ctx = { seasonLengths: [2], horizon: 3 };
    const naive = createNaiveForecaster();
    await naive.fit([s], ctx);
    const [n] = await naive.forecast(3, [95]);
    expect(Array.from(n.mean)).toEqual([5, 5, 5]);
    // σ = RMS(2, −1, 2, 1) = √(10/4); sd_3 = σ√3
    expect(n.intervals[0].upper[2] - 5).toBeCloseTo(1.959963985 * Math.sqrt(10 / 4) * Math.sqrt(3), 6);
    const drift = createDriftForecaster();
    await drift.fit([s], ctx);
    const [d] = await drift.forecast(2, []);
    expect(Array.from(d.mean)).toEqual([6, 7]);
    const ma = createMovingAverageForecaster({ window: 2 });
    await ma.fit([s], ctx);
    const [m] = await ma.forecast(2, []);
    expect(Array.from(m.mean)).toEqual([4.5, 4.5]);
  });

  it("ensemble median of naive, drift and seasonal naive", async () => {
    const s: Series = { id: "a", values: Float64Array.from([1, 3, 2, 4, 5]) };
    const e = createEnsembleForecaster([createNaiveForecaster, createDriftForecaster, () => createSeasonalNaiveForecaster({ seasonLength: 2 })], "median");
    await e.fit([s], { seasonLengths: [2], horizon: 2 });
    const [out] = await e.forecast(2, [80]);
    // naive 5,5; drift 6,7; snaive 4,5 → median 5,5
    expect(Array.from(out.mean)).toEqual([5, 5]);
    expect(out.intervals[0].lower.length).toBe(2);
  });
});

describe("augurs models", () => {
  const n = 24 * 20;
  const values = Float64Array.from({ length: n }, (_, t) => 100 + 0.1 * t + 20 * Math.sin((2 * Math.PI * t) / 24) + 2 * Math.sin(t * 1.7));
  const truth = Float64Array.from({ length: 24 }, (_, h) => 100 + 0.1 * (n + h) + 20 * Math.sin((2 * Math.PI * (n + h)) / 24));

  it("MSTL follows the daily cycle, AutoETS does not (augurs ETS is non-seasonal)", async () => {
    const mstl = createMstlForecaster();
    await mstl.fit([{ id: "s", values }], { seasonLengths: [24], horizon: 24 });
    const [m] = await mstl.forecast(24, [95]);
    const mae = (f: Float64Array) => f.reduce((s, v, h) => s + Math.abs(v - truth[h]), 0) / 24;
    expect(mae(m.mean)).toBeLessThan(3);
    expect(m.intervals[0].lower[0]).toBeLessThan(m.mean[0]);
    const ets = createAutoEtsForecaster();
    await ets.fit([{ id: "s", values }], { seasonLengths: [24], horizon: 24 });
    const [e] = await ets.forecast(24, [95]);
    expect(mae(e.mean)).toBeGreaterThan(mae(m.mean));
  });

  it("imputes gaps and survives a constant series", async () => {
    const gappy = Float64Array.from(values);
    gappy[100] = NaN;
    gappy[101] = NaN;
    const mstl = createMstlForecaster();
    await mstl.fit([{ id: "g", values: gappy }, { id: "c", values: new Float64Array(200).fill(3) }], { seasonLengths: [24], horizon: 5 });
    const out = await mstl.forecast(5, [80]);
    expect(out.every((f) => f.mean.every(Number.isFinite))).toBe(true);
  });

  it("a series augurs cannot fit fails the fit, named, instead of becoming a flat forecast", async () => {
    const short = { id: "short", values: Float64Array.from([3, 5, 4, 6, 5]) };
    const tooShort = { id: "tiny", values: Float64Array.from([3, 5, 4]) };
    const ets = createAutoEtsForecaster();
    await expect(ets.fit([{ id: "s", values }, short], { seasonLengths: [24], horizon: 5 })).rejects.toThrow(ModelStateError);
    await expect(ets.fit([{ id: "s", values }, short], { seasonLengths: [24], horizon: 5 })).rejects.toThrow(/series "short"/);
    await expect(ets.fit([tooShort], { seasonLengths: [1], horizon: 5 })).rejects.toThrow(InvalidInputError);
    // A failed fit leaves no model behind: forecasting after it is refused, not answered flat.
    await expect(ets.forecast(5, [80])).rejects.toThrow(/before fit/);
  });

  it("the tolerant caller drops only the series augurs cannot fit, and reports it", async () => {
    const short = { id: "short", values: Float64Array.from([3, 5, 4, 6, 5]) };
    const r = await fitAndForecast(() => createMstlForecaster(), [{ id: "s", values }, short], { seasonLengths: [24], horizon: 24 }, 24, [95], { local: true });
    expect(r.forecasts[1]).toBeNull();
    expect(r.failures).toEqual([{ index: 1, message: expect.stringMatching(/ModelStateError: mstl: augurs could not fit series "short"/) }]);
    const good = r.forecasts[0]!;
    expect(good.mean.every(Number.isFinite)).toBe(true);
    for (let h = 0; h < 24; h++) expect(good.intervals[0].upper[h] - good.intervals[0].lower[h]).toBeGreaterThan(0);
  });
});
