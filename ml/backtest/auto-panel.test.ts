import { describe, expect, it } from "vitest";
import { localForecaster } from "../models/local";
import { createNaiveForecaster } from "../models/naive";
import type { Forecaster, ForecasterFactory, Series, SpecReuse } from "../types";
import { createAutoForecaster } from "./auto";
import { classifySeries, createPanelAutoForecaster, GLOBAL_MIN_SERIES, planCandidates } from "./auto-panel";

function seasonal(id: string, n: number, m: number, phase = 0, noise = 0.3, seed = 1): Series {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 2;
  return { id, values: Float64Array.from({ length: n }, (_, t) => 50 + 0.1 * t + 10 * Math.sin((2 * Math.PI * (t + phase)) / m) + noise * rnd()) };
}

const fakeGlobal: ForecasterFactory = () => createNaiveForecaster();
const globals = new Map<string, ForecasterFactory>([["gbdt-direct-fast", fakeGlobal], ["ridge", fakeGlobal]]);

describe("series groups", () => {
  it("sorts series by length, season and zeros", () => {
    expect(classifySeries({ id: "a", values: Float64Array.of(NaN, 1, 2, 3) }, 1)).toBe("tiny");
    expect(classifySeries({ id: "b", values: Float64Array.from({ length: 30 }, (_, t) => (t % 3 === 0 ? 4 : 0)) }, 1)).toBe("intermittent");
    expect(classifySeries(seasonal("c", 18, 12), 12)).toBe("short");
    expect(classifySeries(seasonal("d", 48, 12), 12)).toBe("regular");
    // Negative values are never intermittent demand, however many zeros.
    expect(classifySeries({ id: "e", values: Float64Array.from({ length: 30 }, (_, t) => (t % 3 === 0 ? -4 : 0)) }, 1)).toBe("regular");
  });
});

describe("candidate plan", () => {
  const ctx = { seasonLengths: [12], horizon: 6 };
  it("keeps global models away from a panel of two unrelated series", () => {
    const two = [seasonal("a", 200, 12), seasonal("b", 200, 12, 5)];
    const plan = planCandidates(two, ctx, "regular", { globals });
    expect(plan.candidates.map((c) => c.name)).not.toContain("ridge");
    expect(plan.candidates.every((c) => c.local)).toBe(true);
  });
  it("lets them fit across a real panel", () => {
    const many = Array.from({ length: GLOBAL_MIN_SERIES }, (_, i) => seasonal(`s${i}`, 200, 12, i));
    const names = planCandidates(many, ctx, "regular", { globals }).candidates.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(["gbdt-direct-fast", "ridge", "theta"]));
  });
  it("gives short panels more, overlapping origins", () => {
    const panel = (n: number) => Array.from({ length: 8 }, (_, i) => seasonal(`s${i}`, n, 12, i));
    const plan = planCandidates(panel(40), ctx, "regular");
    expect(plan.windows).toBe(3);
    expect(plan.step).toBe(3);
    const long = planCandidates(panel(400), ctx, "regular");
    expect([long.windows, long.step]).toEqual([2, 6]);
  });
  it("gives a handful of series more origins, as far as their length allows", () => {
    // One long series: 8 origins a horizon apart.
    expect(planCandidates([seasonal("a", 400, 12)], ctx, "regular").windows).toBe(8);
    // One short series: as many half-horizon origins as leave the first one 2m + 1 points to train on.
    expect(planCandidates([seasonal("a", 40, 12)], ctx, "regular").windows).toBe(4);
    // Four series: 16 / 4 = 4 origins.
    expect(planCandidates(Array.from({ length: 4 }, (_, i) => seasonal(`s${i}`, 400, 12, i)), ctx, "regular").windows).toBe(4);
  });
});

describe("panel auto", () => {
  it("gives series of length 1 to 3 finite forecasts and real intervals", async () => {
    const panel: Series[] = [
      { id: "one", values: Float64Array.of(100) },
      { id: "two", values: Float64Array.of(10, 12) },
      { id: "three", values: Float64Array.of(5, NaN, 7) },
      seasonal("long", 60, 12),
    ];
    const auto = createPanelAutoForecaster({ levels: [95], only: ["naive", "seasonal-naive", "theta"] });
    await auto.fit(panel, { seasonLengths: [12], horizon: 4 });
    const fc = await auto.forecast(4, [95]);
    expect(fc.map((f) => f.id)).toEqual(["one", "two", "three", "long"]);
    for (const f of fc) {
      const iv = f.intervals[0];
      for (let h = 0; h < 4; h++) {
        expect(Number.isFinite(f.mean[h])).toBe(true);
        expect(iv.upper[h] - iv.lower[h]).toBeGreaterThan(0);
      }
    }
    expect(fc[0].mean[0]).toBe(100);
    expect(fc[1].mean[0]).toBe(12);
    // The band grows with the horizon (random walk).
    expect(fc[1].intervals[0].upper[3] - fc[1].intervals[0].lower[3]).toBeGreaterThan(fc[1].intervals[0].upper[0] - fc[1].intervals[0].lower[0]);
    expect(auto.report().group).toEqual(["tiny", "tiny", "tiny", "regular"]);
  });

  // Fast candidates only: these tests are about grouping and intervals, not about which model wins.
  const only = ["naive", "seasonal-naive", "theta"];
  it("never gives a series shorter than two seasons a seasonal model", async () => {
    const auto = createPanelAutoForecaster({ levels: [95], only });
    await auto.fit([seasonal("short", 20, 12), seasonal("long", 80, 12)], { seasonLengths: [12], horizon: 6 });
    const rep = auto.report();
    expect(rep.group).toEqual(["short", "regular"]);
    expect(rep.groups.short?.candidates).not.toContain("seasonal-naive");
    expect(rep.groups.regular?.candidates).toContain("seasonal-naive");
  });

  it("falls back to the model's own intervals when the conformal pool is too small, and says so", async () => {
    const auto = createPanelAutoForecaster({ levels: [95], only });
    await auto.fit([seasonal("only", 30, 1)], { seasonLengths: [1], horizon: 4 });
    const [f] = await auto.forecast(4, [95]);
    expect(auto.report().intervalSource).toEqual(["model"]);
    expect(f.intervals[0].upper.every(Number.isFinite)).toBe(true);
  });
});

describe("a candidate that fails on one series", () => {
  it("drops out for that series only, reported, and the others still use it", async () => {
    const picky: ForecasterFactory = () =>
      localForecaster("picky", (values, horizon) => {
        if (values[0] > 1000) throw new Error("cannot fit this one");
        // A near-perfect forecast for the sine panel, so it wins wherever it runs.
        const n = values.length;
        return { mean: Float64Array.from({ length: horizon }, (_, h) => 50 + 0.1 * (n + h) + 10 * Math.sin((2 * Math.PI * (n + h)) / 12)), sd: new Float64Array(horizon).fill(1) };
      });
    const bad: Series = { id: "bad", values: seasonal("x", 60, 12).values.map((v) => v + 5000) };
    const auto = createAutoForecaster({
      candidates: [
        { name: "naive", factory: createNaiveForecaster, local: true },
        { name: "picky", factory: picky, local: true },
      ],
      windows: 2,
      levels: [95],
    });
    await auto.fit([seasonal("a", 60, 12, 0, 0), bad, seasonal("c", 60, 12, 0, 0)], { seasonLengths: [12], horizon: 6 });
    const fc = await auto.forecast(6, [95]);
    const rep = auto.report();
    expect(rep.chosen).toEqual(["picky", "naive", "picky"]);
    expect(rep.failures.filter((f) => f.seriesId === "bad").map((f) => f.stage)).toEqual(expect.arrayContaining(["backtest", "final"]));
    expect(rep.failures.every((f) => f.seriesId === "bad" && /cannot fit/.test(f.message))).toBe(true);
    for (const f of fc) expect(f.mean.every(Number.isFinite)).toBe(true);
  });
});

describe("spec reuse", () => {
  it("backtests a searching model with the specifications one search at the earliest origin chose", async () => {
    const calls = { search: 0, reuse: 0 };
    const searching = (): Forecaster & SpecReuse => {
      const inner = localForecaster("searcher", (values, horizon) => ({ mean: new Float64Array(horizon).fill(values[values.length - 1]), sd: new Float64Array(horizon).fill(1) }));
      return {
        name: "searcher",
        async fit(series, ctx) {
          calls.search += series.length;
          await inner.fit(series, ctx);
        },
        forecast: (h, l) => inner.forecast(h, l),
        specFactory: () => () => {
          const reused = localForecaster("searcher", (values, horizon) => ({ mean: new Float64Array(horizon).fill(values[values.length - 1]), sd: new Float64Array(horizon).fill(1) }));
          return { name: "searcher", fit: async (s, c) => { calls.reuse += s.length; await reused.fit(s, c); }, forecast: (h, l) => reused.forecast(h, l) };
        },
      };
    };
    const panel = [seasonal("a", 60, 1), seasonal("b", 60, 1, 3)];
    const auto = createAutoForecaster({ candidates: [{ name: "searcher", factory: searching, local: true }], windows: 3, levels: [95] });
    await auto.fit(panel, { seasonLengths: [1], horizon: 4 });
    // One search on the series cut at the earliest origin, one for the final fit; three origins re-estimate.
    expect(calls).toEqual({ search: 4, reuse: 6 });
    const plain = createAutoForecaster({ candidates: [{ name: "searcher", factory: searching, local: true }], windows: 3, levels: [95], reuseSpecs: false });
    calls.search = calls.reuse = 0;
    await plain.fit(panel, { seasonLengths: [1], horizon: 4 });
    expect(calls).toEqual({ search: 8, reuse: 0 });
  });
});
