import { describe, expect, it } from "vitest";
import { createNaiveForecaster } from "../models/naive";
import { createSeasonalNaiveForecaster } from "../models/seasonal-naive";
import { createDriftForecaster } from "../models/drift";
import { gaussian, mulberry32 } from "../stats/random";
import type { FitContext, Forecast, Forecaster, Series } from "../types";
import { createAutoForecaster } from "./auto";
import { rollingOrigin } from "./rolling-origin";
import { backtestAccuracy } from "./score";

function panel(nSeries: number, n: number, seed: number): Series[] {
  const z = gaussian(mulberry32(seed));
  return Array.from({ length: nSeries }, (_, i) => {
    const v = new Float64Array(n);
    const amp = 5 + i;
    for (let t = 0; t < n; t++) v[t] = 50 + i * 10 + amp * Math.sin((2 * Math.PI * t) / 12) + z() * (1 + (i % 3));
    return { id: `s${i}`, values: v };
  });
}

describe("rolling-origin backtest", () => {
  it("places origins from the end and fits a global model once per origin on all series", async () => {
    const series = panel(3, 120, 1);
    let fits = 0;
    const seen: number[][] = [];
    const spy = (): Forecaster => {
      const inner = createNaiveForecaster();
      return {
        name: "spy",
        async fit(s: Series[], ctx: FitContext) {
          fits++;
          seen.push(s.map((x) => x.values.length));
          await inner.fit(s, ctx);
        },
        forecast: (h: number, l: number[]): Promise<Forecast[]> => inner.forecast(h, l),
      };
    };
    const r = await rollingOrigin(spy, series, { horizon: 10, windows: 3, seasonLengths: [12] });
    expect(fits).toBe(3);
    expect(seen).toEqual([[90, 90, 90], [100, 100, 100], [110, 110, 110]]);
    // last window's actuals are the series' last 10 values
    expect(Array.from(r.windows[2].actuals[1])).toEqual(Array.from(series[1].values.subarray(110)));
    expect(backtestAccuracy(r).count).toBe(9);
  });

  it("leaves series that are too short out of early windows", async () => {
    const series = [...panel(1, 120, 2), { id: "short", values: new Float64Array(40).fill(1) }];
    const r = await rollingOrigin(createNaiveForecaster, series, { horizon: 10, windows: 3, seasonLengths: [12], minTrain: 25 });
    expect(r.windows[0].forecasts[1]).toBeNull(); // 40 − 30 = 10 < 25
    expect(r.windows[2].forecasts[1]).not.toBeNull(); // 40 − 10 = 30
  });
});

describe("auto", () => {
  const candidates = [
    { name: "naive", factory: createNaiveForecaster },
    { name: "seasonal-naive", factory: () => createSeasonalNaiveForecaster() },
    { name: "drift", factory: createDriftForecaster },
  ];
  const ctx = { seasonLengths: [12], horizon: 12, seed: 7 };

  it("picks seasonal naive on seasonal data and is deterministic for a seed", async () => {
    const series = panel(8, 12 * 15, 3);
    const run = async () => {
      const a = createAutoForecaster({ candidates, windows: 3, levels: [80, 95] });
      await a.fit(series, ctx);
      return { fc: await a.forecast(12, [80, 95]), rep: a.report() };
    };
    const one = await run();
    const two = await run();
    expect(one.rep.chosen.every((c) => c === "seasonal-naive")).toBe(true);
    expect(one.fc.map((f) => Array.from(f.intervals[1].upper))).toEqual(two.fc.map((f) => Array.from(f.intervals[1].upper)));
    // 95 % band is wider than 80 %
    expect(one.fc[0].intervals[1].upper[0]).toBeGreaterThan(one.fc[0].intervals[0].upper[0]);
  });

  it("calibrated 90 % intervals cover about 90 % of held-out values on exchangeable panels", async () => {
    let inside = 0;
    let total = 0;
    for (let trial = 0; trial < 4; trial++) {
      const full = panel(30, 12 * 12 + 12, 100 + trial);
      const train = full.map((s) => ({ ...s, values: s.values.subarray(0, s.values.length - 12) }));
      const a = createAutoForecaster({ candidates, windows: 2, levels: [90] });
      await a.fit(train, ctx);
      const fc = await a.forecast(12, [90]);
      fc.forEach((f, i) => {
        for (let h = 0; h < 12; h++) {
          const y = full[i].values[full[i].values.length - 12 + h];
          if (y >= f.intervals[0].lower[h] && y <= f.intervals[0].upper[h]) inside++;
          total++;
        }
      });
    }
    expect(inside / total).toBeGreaterThan(0.85);
    expect(inside / total).toBeLessThan(0.96);
  });

  it("gives identical results in worker threads", async () => {
    const series = panel(5, 12 * 10, 21);
    const run = async (workers: number) => {
      const a = createAutoForecaster({
        candidates: [
          { name: "naive", factory: createNaiveForecaster, model: "naive" },
          { name: "seasonal-naive", factory: () => createSeasonalNaiveForecaster(), model: "seasonal-naive" },
        ],
        windows: 2,
        levels: [95],
        workers,
      });
      await a.fit(series, ctx);
      return (await a.forecast(12, [95])).map((f) => [Array.from(f.mean), Array.from(f.intervals[0].lower)]);
    };
    expect(await run(2)).toEqual(await run(1));
  });

  it("uses CQR when the chosen model emits quantiles", async () => {
    const withQ = (): Forecaster => {
      const inner = createSeasonalNaiveForecaster();
      return {
        name: "q",
        fit: (s, c) => inner.fit(s, c),
        async forecast(h, levels) {
          const fs = await inner.forecast(h, levels);
          return fs.map((f) => ({ ...f, quantiles: new Map([[0.05, f.mean.map((v) => v - 1e-3)], [0.95, f.mean.map((v) => v + 1e-3)]]) }));
        },
      };
    };
    const series = panel(10, 12 * 12, 9);
    const a = createAutoForecaster({ candidates: [{ name: "q", factory: withQ }], windows: 2, levels: [90] });
    await a.fit(series, ctx);
    const [f] = await a.forecast(12, [90]);
    // the ±0.001 band is far too narrow; CQR must widen it to the noise level (sd ≥ 1)
    expect(f.intervals[0].upper[0] - f.intervals[0].lower[0]).toBeGreaterThan(1);
  });
});
