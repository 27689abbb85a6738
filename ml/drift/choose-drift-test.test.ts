import { describe, expect, it } from "vitest";
import { categoricalJensenShannon, chiSquaredSurvival, chiSquaredTest, chooseDriftStatistic, columnDrift, proportionZTest } from "./choose-drift-test";

const repeat = (counts: Record<string, number>) => Object.entries(counts).flatMap(([v, n]) => Array.from({ length: n }, () => v));

describe("chooseDriftStatistic: Evidently's default", () => {
  it("KS for numerical columns up to 1,000 reference values, normed Wasserstein above", () => {
    expect(chooseDriftStatistic("numerical", 1000, 500)).toBe("ks");
    expect(chooseDriftStatistic("numerical", 1001, 500)).toBe("wasserstein");
  });
  it("chi-squared for categorical (or ≤ 5 distinct values), the Z-test for two values, Jensen–Shannon for large samples", () => {
    expect(chooseDriftStatistic("categorical", 200, 7)).toBe("chi_squared");
    expect(chooseDriftStatistic("numerical", 200, 5)).toBe("chi_squared");
    expect(chooseDriftStatistic("numerical", 200, 6)).toBe("ks");
    expect(chooseDriftStatistic("categorical", 200, 2)).toBe("z");
    expect(chooseDriftStatistic("categorical", 5000, 40)).toBe("jensen_shannon");
    expect(chooseDriftStatistic("numerical", 5000, 3)).toBe("jensen_shannon");
  });
});

describe("chi-squared equals scipy's", () => {
  it("survival function (scipy.stats.chi2.sf)", () => {
    expect(chiSquaredSurvival(3.5, 2)).toBeCloseTo(0.1737739434504451, 12);
    expect(chiSquaredSurvival(40, 10)).toBeCloseTo(1.694474393006737e-5, 14);
    expect(chiSquaredSurvival(0.5, 1)).toBeCloseTo(0.47950012218695337, 12);
    expect(chiSquaredSurvival(150, 120)).toBeCloseTo(0.03307348091130466, 12);
  });
  it("test on counts (scipy.stats.chisquare([30, 50, 20], [40, 40, 20]))", () => {
    const r = chiSquaredTest(repeat({ a: 40, b: 40, c: 20 }), repeat({ a: 30, b: 50, c: 20 }));
    expect(r.statistic).toBeCloseTo(5, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(0.0820849986238988, 12);
  });
  it("a category the reference never had is drift (p = 0)", () => {
    expect(chiSquaredTest(["a", "b"], ["a", "z"]).pValue).toBe(0);
  });
  it("Jensen–Shannon of category shares (scipy.spatial.distance.jensenshannon, base 2)", () => {
    expect(categoricalJensenShannon(["x", "y"], ["x", "y", "z", "z"])).toBeCloseTo(0.5579230452841438, 12);
  });
});

describe("columnDrift", () => {
  it("flags a shifted categorical sample and passes an unshifted one", () => {
    const ref = repeat({ a: 100, b: 100, c: 100 });
    expect(columnDrift("categorical", ref, repeat({ a: 30, b: 30, c: 30 }))).toMatchObject({ statistic: "chi_squared", drift: false, value: 1 });
    expect(columnDrift("categorical", ref, repeat({ a: 60, b: 20, c: 10 }))).toMatchObject({ statistic: "chi_squared", drift: true });
  });
  it("runs the Z-test on a two-valued column", () => {
    const z = proportionZTest(repeat({ on: 50, off: 50 }), repeat({ on: 80, off: 20 }));
    expect(Math.abs(z.statistic)).toBeGreaterThan(4);
    expect(columnDrift("numerical", [0, 1, 0, 1, 0, 1], [1, 1, 1, 1, 1, 0])).toMatchObject({ statistic: "z" });
  });
  it("uses KS on a small numerical sample and the normed Wasserstein distance on a large one", () => {
    const small = Array.from({ length: 300 }, (_, i) => Math.sin(i) * 10);
    expect(columnDrift("numerical", small, small.map((v) => v + 8))).toMatchObject({ statistic: "ks", drift: true, threshold: 0.05 });
    const large = Array.from({ length: 2000 }, (_, i) => Math.sin(i) * 10);
    const w = columnDrift("numerical", large, large.slice(0, 400));
    expect(w).toMatchObject({ statistic: "wasserstein", drift: false, threshold: 0.1 });
  });
  it("refuses an empty sample by name", () => {
    expect(() => columnDrift("numerical", [NaN], [1])).toThrow(/reference/);
    expect(() => columnDrift("categorical", ["a"], [])).toThrow(/current/);
  });
});
