import { describe, expect, it } from "vitest";
import { coverage, crpsFromQuantiles, directionAccuracy, mae, mape, mase, msis, pinballLoss, rmse, seasonalScale, smape, winklerScore } from "./index";

const y = [10, 12, 8, 0];
const f = [11, 10, 8, 2];

describe("point metrics (hand-computed)", () => {
  it("MAE, RMSE", () => {
    // |e| = 1, 2, 0, 2
    expect(mae(y, f)).toBeCloseTo(5 / 4, 12);
    expect(rmse(y, f)).toBeCloseTo(Math.sqrt((1 + 4 + 0 + 4) / 4), 12);
  });
  it("MAPE skips zero actuals", () => {
    expect(mape(y, f)).toBeCloseTo((100 * (1 / 10 + 2 / 12 + 0)) / 3, 12);
  });
  it("sMAPE as M4 (200·|e|/(|y|+|f|))", () => {
    expect(smape(y, f)).toBeCloseTo((200 / 4) * (1 / 21 + 2 / 22 + 0 + 2 / 2), 12);
    expect(smape([0], [0])).toBe(0);
  });
  it("MASE uses the seasonal in-sample scale over the training part", () => {
    const train = [1, 2, 3, 5, 4, 7];
    // m = 2: |3-1|,|5-2|,|4-3|,|7-5| = 2,3,1,2 → mean 2
    expect(seasonalScale(train, 2)).toBe(2);
    expect(mase(y, f, train, 2)).toBeCloseTo(1.25 / 2, 12);
    // m longer than the series falls back to m = 1 (as M4): 1,1,2,1,3 → 8/5
    expect(seasonalScale([1, 2, 3, 5, 4, 7], 10)).toBeCloseTo(8 / 5, 12);
  });
  it("skips NaN actuals", () => {
    expect(mae([1, NaN, 3], [2, 5, 3])).toBe(0.5);
  });
  it("direction accuracy vs. previous value", () => {
    // last = 9. actual Δ: +1, +2, -4, -8 ; forecast Δ: +2, -1, -2, -6 → right, wrong, right, right
    expect(directionAccuracy(y, f, 9)).toBe(0.75);
  });
});

describe("interval metrics (hand-computed)", () => {
  const yy = [10, 20, 30];
  const lo = [8, 21, 25];
  const hi = [12, 25, 29];
  it("pinball loss", () => {
    // tau 0.9, q = lo: e = 2, -1, 5 → 1.8, 0.1, 4.5
    expect(pinballLoss(yy, lo, 0.9)).toBeCloseTo((1.8 + 0.1 + 4.5) / 3, 12);
  });
  it("coverage", () => {
    expect(coverage(yy, lo, hi)).toBeCloseTo(1 / 3, 12);
  });
  it("Winkler and MSIS at 95%", () => {
    // widths 4,4,4; penalties: (2/0.05)*1 = 40 (below), (2/0.05)*1 = 40 (above)
    expect(winklerScore(yy, lo, hi, 95)).toBeCloseTo((4 + 44 + 44) / 3, 10);
    const train = [0, 2, 4, 6]; // m = 1 scale = 2
    expect(msis(yy, lo, hi, train, 1)).toBeCloseTo((4 + 44 + 44) / 3 / 2, 10);
  });
  it("CRPS from quantiles equals 2 × mean pinball, and matches |y − x| for a point mass", () => {
    const q = new Map<number, number[]>([
      [0.25, [9]],
      [0.5, [9]],
      [0.75, [9]],
    ]);
    // point mass at 9, y = 10: CRPS = |y − x| = 1; pinball: 0.25, 0.5, 0.75 → mean 0.5 → ×2 = 1
    expect(crpsFromQuantiles([10], q)).toBeCloseTo(1, 12);
  });
});
