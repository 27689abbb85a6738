import { describe, expect, it } from "vitest";
import { gaussian, mulberry32 } from "../stats/random";
import { AdaptiveConformal } from "./adaptive";
import { conformalQuantile, stepQuantiles, weightedConformalQuantile } from "./quantile";
import { cqrInterval, cqrScore, residualScore } from "./scores";

describe("weighted split conformal", () => {
  it("reproduces the unweighted quantile with equal weights", () => {
    const z = gaussian(mulberry32(3));
    for (const n of [9, 10, 19, 40, 101]) {
      const s = Array.from({ length: n }, () => Math.abs(z()));
      for (const a of [0.05, 0.1, 0.2, 0.5]) expect(weightedConformalQuantile(s, s.map(() => 2), a)).toBe(conformalQuantile(s, a));
    }
  });
  it("takes the quantile of the weighted empirical law with the new point's mass at +infinity", () => {
    // scores 1..4 with weights 1,1,1,4 (the new point weighs 4): masses 1/11,1/11,1/11,4/11 + 4/11 at +inf.
    expect(weightedConformalQuantile([1, 2, 3, 4], [1, 1, 1, 4], 0.5)).toBe(4); // 3/11 < 0.5 ≤ 7/11
    expect(weightedConformalQuantile([1, 2, 3, 4], [1, 1, 1, 4], 0.8)).toBe(3); // 2/11 < 0.2 ≤ 3/11
    expect(weightedConformalQuantile([1, 2, 3, 4], [1, 1, 1, 4], 0.3)).toBe(Infinity); // 7/11 < 0.7
    // down-weighting the large old scores narrows the quantile
    const s = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40];
    const older = s.map((v) => (v > 30 ? 0.25 : 1));
    expect(weightedConformalQuantile(s, older, 0.1)).toBeLessThan(conformalQuantile(s, 0.1));
  });
  it("rejects weights that do not match the scores", () => {
    expect(() => weightedConformalQuantile([1, 2], [1], 0.1)).toThrow(RangeError);
  });
});

describe("split conformal", () => {
  it("uses the ceil((n+1)(1-a))-th order statistic", () => {
    const s = [5, 1, 4, 2, 3, 9, 8, 7, 6, 10]; // n = 10
    expect(conformalQuantile(s, 0.2)).toBe(9); // ceil(11·0.8) = 9
    expect(conformalQuantile(s, 0.05)).toBe(Infinity); // ceil(11·0.95) = 11 > 10
  });

  it("reaches >= 1 − alpha coverage on exchangeable data over many trials", () => {
    const z = gaussian(mulberry32(42));
    for (const [alpha, n] of [[0.05, 19], [0.1, 50], [0.2, 30]] as const) {
      const trials = 4000;
      let covered = 0;
      for (let t = 0; t < trials; t++) {
        // heavy-ish tails: residual = N(0,1)^3 scaled, exchangeable by construction
        const scores = new Float64Array(n);
        for (let i = 0; i < n; i++) scores[i] = residualScore(z() ** 3, 0);
        const q = conformalQuantile(scores, alpha);
        if (residualScore(z() ** 3, 0) <= q) covered++;
      }
      const cov = covered / trials;
      // E[coverage] ∈ [1−α, 1−α+1/(n+1)]; 4000 trials → sd ≤ 0.0035, allow 3 sd
      expect(cov).toBeGreaterThanOrEqual(1 - alpha - 0.011);
      expect(cov).toBeLessThanOrEqual(1 - alpha + 1 / (n + 1) + 0.011);
    }
  });

  it("pools neighbouring steps when one step has too few scores", () => {
    const byStep = [Float64Array.from([1, 2, 3]), Float64Array.from([4, 5, 6]), Float64Array.from([7, 8, 9])];
    const q = stepQuantiles(byStep, 0.2); // needs n >= 4
    expect(Number.isFinite(q[0])).toBe(true);
    expect(q[0]).toBeLessThan(q[2]);
  });
});

describe("conformalized quantile regression", () => {
  it("widens a too-narrow band to reach coverage", () => {
    const z = gaussian(mulberry32(3));
    const alpha = 0.1;
    // quantile model claims ±0.5 but noise is N(0,1)
    const cal = new Float64Array(500);
    for (let i = 0; i < cal.length; i++) cal[i] = cqrScore(z(), -0.5, 0.5);
    const q = conformalQuantile(cal, alpha);
    expect(q).toBeGreaterThan(0.9);
    let covered = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const { lower, upper } = cqrInterval(Float64Array.of(-0.5), Float64Array.of(0.5), Float64Array.of(q));
      const y = z();
      if (y >= lower[0] && y <= upper[0]) covered++;
    }
    expect(covered / n).toBeGreaterThan(0.88);
    expect(covered / n).toBeLessThan(0.93);
  });
});

describe("adaptive conformal inference", () => {
  it("recovers coverage after the noise level doubles, where a fixed interval does not", () => {
    const z = gaussian(mulberry32(11));
    const calib = Array.from({ length: 200 }, () => Math.abs(z()));
    const aci = new AdaptiveConformal({ alpha: 0.1, gamma: 0.02, scores: calib, window: 200 });
    const fixedQ = conformalQuantile(calib, 0.1);
    let aciCov = 0;
    let fixedCov = 0;
    const T = 3000;
    for (let t = 0; t < T; t++) {
      const y = 2 * z();
      if (aci.update(y, 0)) aciCov++;
      if (Math.abs(y) <= fixedQ) fixedCov++;
    }
    expect(fixedCov / T).toBeLessThan(0.8);
    expect(aciCov / T).toBeGreaterThan(0.87);
    expect(aciCov / T).toBeLessThan(0.93);
    const restored = AdaptiveConformal.fromJSON(JSON.parse(JSON.stringify(aci)));
    expect(restored.halfWidth()).toBe(aci.halfWidth());
  });
});

describe("calibrateIntervals when the pool is too small", () => {
  it("a level the scores cannot carry gets a random walk's half-widths, flagged; levels they can carry stay conformal", async () => {
    const { calibrateIntervals, randomWalkHalfWidth } = await import("./calibration");
    // 2 scores per step over 7 steps (14 in all): enough for 80 % (needs 4), not for 95 % (needs 19).
    const scores = Array.from({ length: 7 }, (_, h) => [0.5 + h * 0.1, 1 + h * 0.1]);
    const c = calibrateIntervals(scores, [80, 95], 1);
    expect(c.fallback).toEqual({ "95": "random-walk" });
    expect(c.halfWidths["95"]).toEqual(Array.from({ length: 7 }, (_, h) => randomWalkHalfWidth(95, h + 1)));
    expect(c.halfWidths["95"][0]).toBeCloseTo(1.959964, 5);
    expect(c.halfWidths["80"].every(Number.isFinite)).toBe(true);
    expect(calibrateIntervals(Array.from({ length: 3 }, () => Array.from({ length: 40 }, (_, i) => i / 40)), [95], 1).fallback).toBeUndefined();
  });
});
