import { describe, expect, it } from "vitest";
import { candidateMetrics, horizonBlocks } from "./candidate-metrics";
import type { BacktestResult } from "./rolling-origin";

const window = (mean: number[], actual: number[], lower?: number[], upper?: number[]) => ({
  cutFromEnd: actual.length,
  forecasts: [{ id: "s", mean: Float64Array.from(mean), intervals: lower && upper ? [{ level: 95, lower: Float64Array.from(lower), upper: Float64Array.from(upper) }] : [] }],
  actuals: [Float64Array.from(actual)],
  scales: Float64Array.from([2]),
  lastObserved: Float64Array.from([0]),
  fitSeconds: 0,
  forecastSeconds: 0,
  failures: [],
});

describe("candidate metrics", () => {
  it("splits the horizon into up to three blocks covering every step once", () => {
    expect(horizonBlocks(2)).toEqual([[1, 1], [2, 2]]);
    expect(horizonBlocks(7)).toEqual([[1, 2], [3, 4], [5, 7]]);
    for (const H of [1, 3, 4, 18, 48]) {
      const steps = horizonBlocks(H).flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, k) => a + k));
      expect(steps).toEqual(Array.from({ length: H }, (_, k) => k + 1));
    }
  });
  it("scores MASE per block, sMAPE and the coverage of the widest interval", () => {
    const r = { model: "x", horizon: 3, windows: [window([10, 10, 10], [12, 10, 6], [9, 9, 9], [11, 11, 11])] } as unknown as BacktestResult;
    const m = candidateMetrics(r);
    expect(m.maseByBlock).toEqual([
      { from: 1, to: 1, mase: 1 },
      { from: 2, to: 2, mase: 0 },
      { from: 3, to: 3, mase: 2 },
    ]);
    expect(m.smape).toBeCloseTo((200 * (2 / 22) + 0 + 200 * (4 / 16)) / 3, 12);
    expect(m.coverage).toEqual({ level: 95, ratio: 1 / 3 });
  });
  it("has no coverage for a candidate without intervals", () => {
    const r = { model: "x", horizon: 2, windows: [window([1, 1], [1, 2])] } as unknown as BacktestResult;
    expect(candidateMetrics(r).coverage).toBeNull();
  });
});
