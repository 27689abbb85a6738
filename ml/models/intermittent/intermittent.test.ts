import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createIntermittentForecaster, crostonFit, fitIntermittent, tsbFit, zeroShare } from "./croston";

const fixtures = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures/croston.json"), "utf8")) as { values: number[]; alpha: number; mean: number; zeros: number }[];

describe("Croston (R forecast::croston 8.20 fixtures)", () => {
  it.each(fixtures.map((f, k) => [k, f] as const))("series %i: point forecast matches R", (_, f) => {
    const fit = crostonFit(Float64Array.from(f.values), f.alpha, false);
    expect(fit.rate).toBeCloseTo(f.mean, 10);
  });

  it("fixtures are intermittent (mostly zeros)", () => {
    expect(fixtures.every((f) => Math.abs(zeroShare(Float64Array.from(f.values)) - f.zeros) < 1e-12 && f.zeros > 0.5)).toBe(true);
  });

  it("SBA is Croston times 1 − α/2", () => {
    const y = Float64Array.from(fixtures[2].values);
    expect(crostonFit(y, 0.2, true).rate).toBeCloseTo(0.9 * crostonFit(y, 0.2, false).rate, 12);
  });
});

describe("TSB and MSE-chosen smoothing", () => {
  it("TSB decays toward zero after demand stops", () => {
    const y = Float64Array.from([5, 0, 4, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const early = tsbFit(y.subarray(0, 6), 0.2, 0.2).rate;
    const late = tsbFit(y, 0.2, 0.2).rate;
    expect(late).toBeLessThan(early);
    expect(late).toBeGreaterThan(0);
  });

  it("the chosen alpha has the lowest in-sample one-step MSE of the grid", () => {
    const y = Float64Array.from(fixtures[2].values);
    const best = fitIntermittent(y, { method: "croston" });
    const mse = (f: { fitted: Float64Array }) => {
      let s = 0, c = 0;
      f.fitted.forEach((v, t) => { if (Number.isFinite(v)) { s += (y[t] - v) ** 2; c++; } });
      return s / c;
    };
    for (const a of [0.02, 0.1, 0.3, 0.5]) expect(mse(best)).toBeLessThanOrEqual(mse(crostonFit(y, a, false)) + 1e-12);
  });

  it("Forecaster: flat non-negative forecasts with ordered, non-negative intervals", async () => {
    for (const method of ["croston", "sba", "tsb"] as const) {
      const model = createIntermittentForecaster({ method });
      await model.fit([{ id: "a", values: Float64Array.from(fixtures[0].values) }], { seasonLengths: [1], horizon: 4 });
      const [f] = await model.forecast(4, [80, 95]);
      expect(f.mean.every((v) => v === f.mean[0] && v > 0)).toBe(true);
      const [i80, i95] = f.intervals;
      for (let h = 0; h < 4; h++) {
        expect(i95.lower[h]).toBeGreaterThanOrEqual(0);
        expect(i95.lower[h]).toBeLessThanOrEqual(i80.lower[h]);
        expect(i80.upper[h]).toBeLessThanOrEqual(i95.upper[h]);
        expect(i95.upper[h]).toBeGreaterThan(f.mean[h]);
        // Demand varies, so the intervals have width, and the 95 % one is strictly the wider.
        expect(i80.upper[h] - i80.lower[h]).toBeGreaterThan(0);
        expect(i95.upper[h] - i95.lower[h]).toBeGreaterThan(i80.upper[h] - i80.lower[h]);
      }
    }
  });
});
