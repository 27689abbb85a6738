import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors";
import { crossSectionRank, crossSectionZScore, fillna, fitRobustZScore, robustZScore } from "./normalize";

const f = (...x: number[]) => Float64Array.from(x);

describe("robustZScore (RobustZScoreNorm)", () => {
  it("fits median and MAD × 1.4826 on the fit rows only, pooled across tickers", () => {
    // Fit rows 0..2 of two tickers: values 1, 2, 3, 4, 100, NaN → median 3, |x − 3| = 2, 1, 0, 1, 97 → MAD 1.
    const panel = [[f(1, 2, 3, 50)], [f(4, 100, NaN, -50)]];
    const fit = fitRobustZScore(panel, { start: 0, end: 3 });
    expect(fit.median[0]).toBe(3);
    expect(fit.scale[0]).toBeCloseTo((1 + 1e-12) * 1.4826, 15);
    const z = robustZScore(panel, { start: 0, end: 3 });
    expect(z[0][0][3]).toBeCloseTo(47 / 1.4826, 9);
    expect(z[1][0][2]).toBeNaN();
    const clipped = robustZScore(panel, { start: 0, end: 3 }, { clip: true });
    expect(clipped[0][0][3]).toBe(3);
    expect(clipped[1][0][3]).toBe(-3);
    expect(clipped[0][0][0]).toBeCloseTo(-2 / 1.4826, 9);
  });
  it("takes one ticker's columns as a panel of one, and rejects a fit range outside the rows", () => {
    const z = robustZScore([f(1, 2, 3), f(5, 5, 5)], { start: 0, end: 3 });
    expect(z[0][2]).toBeCloseTo(1 / 1.4826, 9);
    expect(z[1][0]).toBe(0); // constant column: scale is 1e-12 × 1.4826, (5 − 5) / scale = 0
    expect(() => robustZScore([f(1, 2)], { start: 0, end: 5 })).toThrow(InvalidInputError);
  });
});

describe("fillna, crossSectionRank (CSRankNorm), crossSectionZScore (CSZScoreNorm)", () => {
  it("fills NaN with 0 or the given value", () => {
    expect([...fillna([f(NaN, 1)])[0]]).toEqual([0, 1]);
    expect([...fillna([[f(NaN)]], -1)[0][0]]).toEqual([-1]);
  });
  it("ranks each day across tickers: (pct rank − 0.5) × 3.46, ties averaged, NaN left out", () => {
    const panel = [[f(1, 5)], [f(3, 5)], [f(2, NaN)], [f(2, 7)]];
    const r = crossSectionRank(panel);
    // Day 0: 1 < 2 = 2 < 3 → pct ranks 1/4, 2.5/4, 2.5/4, 4/4.
    expect([r[0][0][0], r[2][0][0], r[3][0][0], r[1][0][0]]).toEqual([0.25, 0.625, 0.625, 1].map((p) => (p - 0.5) * 3.46));
    // Day 1: 5 = 5 < 7 of three valid → 1.5/3, 1.5/3, 3/3.
    expect(r[0][0][1]).toBeCloseTo(0, 15);
    expect(r[3][0][1]).toBeCloseTo(0.5 * 3.46, 15);
    expect(r[2][0][1]).toBeNaN();
  });
  it("z-scores each day across tickers with the sample std", () => {
    const z = crossSectionZScore([[f(1)], [f(2)], [f(3)]]);
    expect([z[0][0][0], z[1][0][0], z[2][0][0]]).toEqual([-1, 0, 1]);
    expect(() => crossSectionZScore([[f(1, 2)], [f(1)]])).toThrow(/ticker 1 has 1 days/);
  });
});
