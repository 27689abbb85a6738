import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { InvalidInputError } from "../errors";
import { normalCdf, normalQuantile } from "../stats/normal";
import { cdfAt, categoryExceedance, exceedanceProbability, predictiveCdf, quantileAt, type PredictiveBounds } from "./exceedance";

/** The bounds a Normal(mu, sigma) forecast would carry at 50 / 80 / 95 %. */
function normalBounds(mu: number, sigma: number, levels = [50, 80, 95]): PredictiveBounds {
  return {
    mean: mu,
    intervals: levels.map((level) => {
      const z = normalQuantile(1 - (1 - level / 100) / 2);
      return { level, lower: mu - z * sigma, upper: mu + z * sigma };
    }),
  };
}

describe("exceedanceProbability", () => {
  it("matches the Normal when the bounds are a Normal's, inside the bounds and in the tails", () => {
    const d = normalBounds(60, 15);
    for (const t of [0, 10, 30, 45, 55, 60, 61.3, 75, 90, 110, 140]) {
      expect(exceedanceProbability(d, t)).toBeCloseTo(1 - normalCdf((t - 60) / 15), 7);
    }
  });

  it("matches the Normal from the 95 % bounds alone", () => {
    const d = normalBounds(20, 4, [95]);
    for (const t of [5, 12, 20, 27.84, 35]) expect(exceedanceProbability(d, t)).toBeCloseTo(1 - normalCdf((t - 20) / 4), 7);
  });

  it("puts the given probability beyond each bound and 0.5 beyond the median", () => {
    const d: PredictiveBounds = { mean: 40, median: 35, intervals: [{ level: 80, lower: 20, upper: 70 }, { level: 95, lower: 12, upper: 110 }] };
    expect(exceedanceProbability(d, 35)).toBeCloseTo(0.5, 12);
    expect(exceedanceProbability(d, 70)).toBeCloseTo(0.1, 12);
    expect(exceedanceProbability(d, 110)).toBeCloseTo(0.025, 12);
    expect(exceedanceProbability(d, 12)).toBeCloseTo(0.975, 12);
    // A skewed band: more mass above 50 than a symmetric one around the median would give.
    expect(exceedanceProbability(d, 50)).toBeGreaterThan(0.1);
    expect(exceedanceProbability(d, 50)).toBeLessThan(0.5);
  });

  it("is a point mass when every bound equals the centre", () => {
    const d: PredictiveBounds = { mean: 30, intervals: [{ level: 95, lower: 30, upper: 30 }] };
    expect(exceedanceProbability(d, 29.99)).toBe(1);
    expect(exceedanceProbability(d, 30)).toBe(0);
  });

  it("sorts crossing bounds instead of producing a decreasing CDF", () => {
    const d: PredictiveBounds = { mean: 50, intervals: [{ level: 80, lower: 30, upper: 80 }, { level: 95, lower: 35, upper: 75 }] };
    const cdf = predictiveCdf(d);
    for (let i = 1; i < cdf.x.length; i++) expect(cdf.x[i]).toBeGreaterThan(cdf.x[i - 1]);
  });

  it("is monotone non-increasing in the threshold and lies in [0, 1] (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 500, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.double({ min: -100, max: 700, noNaN: true }), { minLength: 2, maxLength: 2 }),
        (mean, widths, [t1, t2]) => {
          const [w50, w80, w95, skew] = widths;
          const d: PredictiveBounds = {
            mean,
            intervals: [
              { level: 50, lower: mean - w50, upper: mean + w50 * (1 + skew / 50) },
              { level: 80, lower: mean - w50 - w80, upper: mean + (w50 + w80) * (1 + skew / 50) },
              { level: 95, lower: mean - w50 - w80 - w95, upper: mean + (w50 + w80 + w95) * (1 + skew / 50) },
            ],
          };
          const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const a = exceedanceProbability(d, lo);
          const b = exceedanceProbability(d, hi);
          return a >= b - 1e-12 && a >= 0 && a <= 1 && b >= 0 && b <= 1;
        },
      ),
    );
  });

  it("quantileAt inverts cdfAt", () => {
    const cdf = predictiveCdf({ mean: 40, intervals: [{ level: 80, lower: 20, upper: 70 }, { level: 95, lower: 12, upper: 110 }] });
    for (const q of [0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 0.77, 0.9, 0.975, 0.995]) expect(cdfAt(cdf, quantileAt(cdf, q))).toBeCloseTo(q, 7);
  });

  it("names the field of bad input", () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidInputError);
        return (e as InvalidInputError).field;
      }
      return "did not throw";
    };
    expect(field(() => exceedanceProbability({ mean: NaN }, 1))).toBe("mean");
    expect(field(() => exceedanceProbability({ mean: 1, intervals: [{ level: 120, lower: 0, upper: 2 }] }, 1))).toBe("intervals[0].level");
    expect(field(() => exceedanceProbability({ mean: 1, intervals: [{ level: 95, lower: Infinity, upper: 2 }] }, 1))).toBe("intervals[0].lower");
    expect(field(() => exceedanceProbability({ mean: 1 }, NaN))).toBe("threshold");
  });
});

describe("categoryExceedance", () => {
  it("EPA PM2.5 24-h: boundaries at the table's band tops, probabilities non-increasing, categories summing to 1", () => {
    const r = categoryExceedance(normalBounds(40, 12), "epa", "pm25", "24h");
    expect(r.boundaries.map((b) => [b.level, b.aqi, b.concentration])).toEqual([
      [2, 50, 9.0],
      [3, 100, 35.4],
      [4, 150, 55.4],
      [5, 200, 125.4],
      [6, 300, 225.4],
    ]);
    for (let i = 1; i < r.boundaries.length; i++) expect(r.boundaries[i].probability).toBeLessThanOrEqual(r.boundaries[i - 1].probability);
    expect(r.boundaries[1].probability).toBeCloseTo(1 - normalCdf((35.4 - 40) / 12), 7);
    const total = r.categoryProbabilities.reduce((a, c) => a + c.probability, 0);
    expect(total).toBeCloseTo(1, 12);
    // P(category k) = P(exceed boundary into k) − P(exceed boundary into k+1).
    expect(r.categoryProbabilities[2].probability).toBeCloseTo(r.boundaries[1].probability - r.boundaries[2].probability, 12);
    // Median 40 µg/m³ → EPA AQI 112 (Unhealthy for Sensitive Groups, level 3).
    expect(r.medianConcentration).toBeCloseTo(40, 9);
    expect(Math.round(r.medianAqi!)).toBe(112);
    expect(r.medianLevel).toBe(3);
  });

  it("China NO2 24-h (µg/m³): five boundaries at 40, 80, 180, 280, 565 and the median's category", () => {
    const r = categoryExceedance({ mean: 85, intervals: [{ level: 95, lower: 50, upper: 140 }] }, "china", "no2", "24h");
    expect(r.boundaries.map((b) => b.concentration)).toEqual([40, 80, 180, 280, 565]);
    expect(r.medianLevel).toBe(2 + 1); // 85 µg/m³ is IAQI 105: light pollution (level 3)
    expect(r.boundaries[1].probability).toBeGreaterThan(0.5);
    expect(r.categoryProbabilities.reduce((a, c) => a + c.probability, 0)).toBeCloseTo(1, 12);
  });

  it("a median above the table's top is the top index and the last category", () => {
    const r = categoryExceedance({ mean: 600, intervals: [{ level: 95, lower: 500, upper: 700 }] }, "china", "pm25", "24h");
    expect(r.medianAqi).toBe(500);
    expect(r.medianLevel).toBe(6);
  });

  it("throws naming the averaging period a standard has no table for", () => {
    expect(() => categoryExceedance({ mean: 10 }, "epa", "no2", "24h")).toThrow(/averaging|no 24h table/);
  });
});
