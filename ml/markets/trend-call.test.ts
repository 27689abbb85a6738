import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors";
import { trendCall, type TrendForecastPoint } from "./trend-call";

// Closed forms Φ(x) = ½(1 + erf(x/√2)) and the quantiles, from Python's math.erf / statistics.NormalDist
// (no scipy). normalCdf is accurate to ~1e-7 and zForLevel to ~1e-9, so probabilities are compared to 6
// decimals and σ to 8.
const PHI = { "0.5": 0.6914624612740131, "-1.5": 0.06680720126885809, "1": 0.8413447460685429, "2": 0.9772498680518208, "0.25": 0.5987063256829237, "-0.75": 0.2266273523768682, "-0.5": 0.3085375387259869 };
const Z95 = 1.9599639845400536;
const Z80 = 1.2815515655446008;

/** A step with mean μ and a symmetric band of standard deviation σ at the given level. */
function step(mean: number, sigma: number, level: 95 | 80 = 95): TrendForecastPoint {
  const h = sigma * (level === 95 ? Z95 : Z80);
  return { mean, lower: { [level]: mean - h }, upper: { [level]: mean + h } };
}
/** Five steps whose fifth is `fifth` and whose others would give a different call. */
const fiveSteps = (fifth: TrendForecastPoint) => [step(50, 1), step(50, 1), step(50, 1), step(50, 1), fifth];

describe("trendCall: hand-computed cases (c = 100, θ = 1 % unless stated)", () => {
  it("up: μ = 102, σ = 2 → P(up) = 1 − Φ(−½) = Φ(½), P(down) = Φ(−1.5)", () => {
    const t = trendCall({ points: fiveSteps(step(102, 2)), lastClose: 100 });
    expect(t.call).toBe("up");
    expect(t.pUp).toBeCloseTo(PHI["0.5"], 6);
    expect(t.pDown).toBeCloseTo(PHI["-1.5"], 6);
    expect(t.pSideways).toBeCloseTo(1 - PHI["0.5"] - PHI["-1.5"], 6);
    expect(t).toMatchObject({ horizonSteps: 5, level: 95, thresholdPct: 1, threshold: 1, lastClose: 100, mean: 102 });
    expect(t.sigma).toBeCloseTo(2, 8);
    expect(t.expectedReturn).toBeCloseTo(0.02, 12);
  });

  it("down: μ = 97, σ = 2 → P(down) = Φ(1), P(up) = 1 − Φ(2)", () => {
    const t = trendCall({ points: fiveSteps(step(97, 2)), lastClose: 100 });
    expect(t.call).toBe("down");
    expect(t.pDown).toBeCloseTo(PHI["1"], 6);
    expect(t.pUp).toBeCloseTo(1 - PHI["2"], 6);
  });

  it("sideways: μ = 100.5, σ = 2 → P(up) = 1 − Φ(¼), P(down) = Φ(−¾), neither ≥ ½", () => {
    const t = trendCall({ points: fiveSteps(step(100.5, 2)), lastClose: 100 });
    expect(t.call).toBe("sideways");
    expect(t.pUp).toBeCloseTo(1 - PHI["0.25"], 6);
    expect(t.pDown).toBeCloseTo(PHI["-0.75"], 6);
  });

  it("a mean exactly at c(1 + θ) gives P(up) = ½, called up (the rule is ≥ ½)", () => {
    const t = trendCall({ points: [step(101, 3)], lastClose: 100 });
    expect(t.pUp).toBeCloseTo(0.5, 7);
    expect(t.call).toBe("up");
  });

  it("falls back to the 80 % band: σ = half-width / 1.2816 (μ = c, θ = 2 %, σ = 4 → both tails 1 − Φ(½))", () => {
    const t = trendCall({ points: fiveSteps(step(100, 4, 80)), lastClose: 100, thresholdPct: 2 });
    expect(t.level).toBe(80);
    expect(t.sigma).toBeCloseTo(4, 8);
    expect(t.threshold).toBeCloseTo(2, 8);
    expect(t.pUp).toBeCloseTo(PHI["-0.5"], 6);
    expect(t.pDown).toBeCloseTo(PHI["-0.5"], 6);
    expect(t.call).toBe("sideways");
  });

  it("prefers the 95 % band when both are there", () => {
    const p = { mean: 100, lower: { "80": 90, "95": 100 - 2 * Z95 }, upper: { "80": 110, "95": 100 + 2 * Z95 } };
    expect(trendCall({ points: [p], lastClose: 100 })).toMatchObject({ level: 95 });
    expect(trendCall({ points: [p], lastClose: 100 }).sigma).toBeCloseTo(2, 8);
  });

  it("an asymmetric band uses its average half-width around the mean", () => {
    const t = trendCall({ points: [{ mean: 102, lower: { "95": 98 }, upper: { "95": 106 } }], lastClose: 100 });
    expect(t.sigma).toBeCloseTo(4 / Z95, 8);
    expect(t.pUp).toBeCloseTo(1 - (1 + erfApprox(((101 - 102) / (4 / Z95)) / Math.SQRT2)) / 2, 6);
  });

  it("θ is an option: θ = 3 % turns the μ = 102 call sideways (P(up) = 1 − Φ(½))", () => {
    const t = trendCall({ points: fiveSteps(step(102, 2)), lastClose: 100, thresholdPct: 3 });
    expect(t.call).toBe("sideways");
    expect(t.pUp).toBeCloseTo(PHI["-0.5"], 6);
    expect(t.threshold).toBeCloseTo(3, 12);
  });

  it("θ scales with the last close (1 % of 250 is 2.5)", () => {
    const t = trendCall({ points: [step(255, 5)], lastClose: 250 });
    expect(t.threshold).toBeCloseTo(2.5, 12);
    expect(t.pUp).toBeCloseTo(PHI["0.5"], 6); // (252.5 − 255) / 5 = −½
  });
});

describe("trendCall: which step", () => {
  it("reads the 5th step of a longer forecast", () => {
    const points = [...fiveSteps(step(102, 2)), step(50, 1), step(50, 1)];
    expect(trendCall({ points, lastClose: 100 })).toMatchObject({ horizonSteps: 5, mean: 102, call: "up" });
  });
  it("reads the last step of a shorter one", () => {
    const t = trendCall({ points: [step(50, 1), step(50, 1), step(97, 2)], lastClose: 100 });
    expect(t).toMatchObject({ horizonSteps: 3, mean: 97, call: "down" });
  });
  it("takes another step when asked", () => {
    expect(trendCall({ points: fiveSteps(step(102, 2)), lastClose: 100, step: 1 })).toMatchObject({ horizonSteps: 1, mean: 50, call: "down" });
  });
});

describe("trendCall: properties and edges", () => {
  it("the three probabilities sum to 1 and a wider θ lowers both tails", () => {
    let prev = { pUp: 1, pDown: 1 };
    for (const thresholdPct of [0, 0.5, 1, 2, 5, 10]) {
      const t = trendCall({ points: [step(101.3, 2.7)], lastClose: 100, thresholdPct });
      expect(t.pUp + t.pDown + t.pSideways).toBeCloseTo(1, 12);
      expect(t.pUp).toBeLessThanOrEqual(prev.pUp);
      expect(t.pDown).toBeLessThanOrEqual(prev.pDown);
      prev = t;
    }
  });
  it("the call agrees with the probabilities (up ⟺ P(up) ≥ ½, down ⟺ P(down) ≥ ½) away from exact ties", () => {
    let seen = { up: 0, down: 0, sideways: 0 };
    for (let i = 0; i < 400; i++) {
      const mean = 94 + (i % 40) * 0.3;
      const sigma = 0.5 + Math.floor(i / 40) * 0.4;
      const t = trendCall({ points: [step(mean, sigma)], lastClose: 100, thresholdPct: 1 + (i % 3) });
      if (Math.abs(t.pUp - 0.5) < 1e-6 || Math.abs(t.pDown - 0.5) < 1e-6) continue;
      expect(t.call).toBe(t.pUp >= 0.5 ? "up" : t.pDown >= 0.5 ? "down" : "sideways");
      seen = { ...seen, [t.call]: seen[t.call] + 1 };
    }
    expect(Math.min(seen.up, seen.down, seen.sideways)).toBeGreaterThan(20);
  });
  it("the tie θ = 0, μ = c is sideways", () => {
    const t = trendCall({ points: [step(100, 2)], lastClose: 100, thresholdPct: 0 });
    expect(t.pUp).toBeCloseTo(0.5, 7);
    expect(t.pDown).toBeCloseTo(0.5, 7);
    expect(t.call).toBe("sideways");
  });
  it("a zero-width band is a point forecast: probabilities 0 or 1", () => {
    expect(trendCall({ points: [step(103, 0)], lastClose: 100 })).toMatchObject({ call: "up", pUp: 1, pDown: 0, pSideways: 0, sigma: 0 });
    expect(trendCall({ points: [step(100.2, 0)], lastClose: 100 })).toMatchObject({ call: "sideways", pUp: 0, pDown: 0, pSideways: 1 });
  });
  it.each([
    [{ points: [] }, "points"],
    [{ lastClose: 0 }, "lastClose"],
    [{ lastClose: NaN }, "lastClose"],
    [{ thresholdPct: -1 }, "thresholdPct"],
    [{ thresholdPct: Infinity }, "thresholdPct"],
    [{ step: 0 }, "step"],
    [{ step: 2.5 }, "step"],
    [{ points: [{ mean: 100, lower: { "90": 95 }, upper: { "90": 105 } }] }, "points[0].lower"],
    [{ points: [{ mean: 100, lower: { "95": 105 }, upper: { "95": 95 } }] }, "points[0].upper.95"],
    [{ points: [{ mean: NaN, lower: { "95": 95 }, upper: { "95": 105 } }] }, "points[0].mean"],
  ] as const)("refuses bad input %j, naming %s", (override, field) => {
    const call = () => trendCall({ points: [step(100, 1)], lastClose: 100, ...override });
    expect(call).toThrow(InvalidInputError);
    try {
      call();
    } catch (e) {
      expect((e as InvalidInputError).field).toBe(field);
    }
  });
});

/** erf by its Maclaurin series (converges fast for |x| < 1): an independent check of normalCdf. */
function erfApprox(x: number): number {
  let sum = 0;
  let term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
