import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors";
import { DegenerateDmTestError, dieboldMariano, type DmAlternative } from "./diebold-mariano";
import { studentTCdf } from "./student-t";

interface DmCase {
  name: string;
  series: string;
  alternative: DmAlternative;
  h: number;
  power: 1 | 2;
  varestimator: "acf" | "bartlett";
  statistic?: number;
  pValue?: number;
  fallback?: boolean;
  error?: string;
}
interface DmFixture {
  series: Record<string, { e1: number[]; e2: number[] }>;
  cases: DmCase[];
}

// Made by ml/stats/fixtures/make-dm-fixtures.R (forecast::dm.test 8.20).
const fixture = JSON.parse(readFileSync(join(__dirname, "fixtures", "dm-reference.json"), "utf8")) as DmFixture;

describe("dieboldMariano against forecast::dm.test", () => {
  const computed = fixture.cases.filter((c) => c.error === undefined);

  it("covers lengths, horizons 1..5, both powers, every alternative, fallbacks and the degenerate case", () => {
    expect(new Set(computed.map((c) => c.h))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(new Set(computed.map((c) => c.power))).toEqual(new Set([1, 2]));
    expect(new Set(computed.map((c) => c.alternative))).toEqual(new Set(["two.sided", "less", "greater"]));
    expect(new Set(computed.map((c) => fixture.series[c.series].e1.length)).size).toBeGreaterThanOrEqual(4);
    expect(computed.some((c) => c.fallback)).toBe(true);
    expect(fixture.cases.some((c) => c.error !== undefined)).toBe(true);
  });

  it("matches R's statistic and p-value to 1e-6 in every case", () => {
    let maxStat = 0;
    let maxP = 0;
    for (const c of computed) {
      const { e1, e2 } = fixture.series[c.series];
      const r = dieboldMariano(e1, e2, { alternative: c.alternative, h: c.h, power: c.power, varEstimator: c.varestimator });
      maxStat = Math.max(maxStat, Math.abs(r.statistic - c.statistic!));
      maxP = Math.max(maxP, Math.abs(r.pValue - c.pValue!));
      expect(r.usedHorizon === 1 && c.h > 1, c.name).toBe(c.fallback);
      expect(Math.abs(r.statistic - c.statistic!), c.name).toBeLessThan(1e-6);
      expect(Math.abs(r.pValue - c.pValue!), c.name).toBeLessThan(1e-6);
    }
    // The fixture's numbers carry 15 significant digits, so agreement should be far tighter than asked.
    expect(maxStat).toBeLessThan(1e-9);
    expect(maxP).toBeLessThan(1e-9);
  });

  it("refuses the degenerate case R stops on (zero variance of the loss differential)", () => {
    for (const c of fixture.cases.filter((k) => k.error !== undefined)) {
      const { e1, e2 } = fixture.series[c.series];
      expect(() => dieboldMariano(e1, e2, { alternative: c.alternative, h: c.h, power: c.power })).toThrow(DegenerateDmTestError);
    }
    expect(() => dieboldMariano([1, 2, 3], [2, 3, 4], { power: 1 })).toThrow(/variance of the loss differential is zero/);
  });
});

describe("dieboldMariano input checks", () => {
  it("names the offending field", () => {
    const cases: [() => unknown, string][] = [
      [() => dieboldMariano([1, 2, 3], [1, 2]), "e2"],
      [() => dieboldMariano([1], [2]), "e1"],
      [() => dieboldMariano([1, 2, 3], [1, 2, 4], { h: 3 }), "h"],
      [() => dieboldMariano([1, 2, 3], [1, 2, 4], { h: 1.5 }), "h"],
      [() => dieboldMariano([1, NaN, 3], [1, 2, 4]), "e1"],
      [() => dieboldMariano([1, 2, 3], [1, 2, 4], { power: 3 as 2 }), "power"],
      [() => dieboldMariano([1, 2, 3], [1, 2, 4], { alternative: "both" as DmAlternative }), "alternative"],
    ];
    for (const [call, field] of cases) {
      try {
        call();
        expect.unreachable(`expected an error naming ${field}`);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidInputError);
        expect((err as InvalidInputError).field).toBe(field);
      }
    }
  });
});

describe("studentTCdf", () => {
  it("matches R's pt at a few points", () => {
    // Rscript -e 'print(c(pt(-2.5, 3), pt(0.7, 10), pt(-8, 40), pt(1.96, 1e6)), digits = 17)'
    expect(studentTCdf(-2.5, 3)).toBeCloseTo(4.3853323504032753e-2, 13);
    expect(studentTCdf(0.7, 10)).toBeCloseTo(7.5005621491355778e-1, 13);
    expect(Math.abs(studentTCdf(-8, 40) / 3.9525420550522586e-10 - 1)).toBeLessThan(1e-12);
    // At a million degrees of freedom the log-gamma differences cancel: ~1e-11, still far inside 1e-6.
    expect(studentTCdf(1.96, 1e6)).toBeCloseTo(9.7500196620736512e-1, 10);
    expect(studentTCdf(0, 7)).toBe(0.5);
  });
});
