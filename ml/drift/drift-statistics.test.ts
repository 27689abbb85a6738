import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { driftTest, jensenShannon, ksTwoSample, normedWasserstein, psi, psiBand, wasserstein } from "./drift-statistics";

interface Case {
  reference: number[];
  current: number[];
  ks: number;
  ksPValue: number;
  wasserstein: number;
  normedWasserstein: number;
  jensenShannon: number;
}
const cases = JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures/scipy-reference.json"), "utf8")) as Record<string, Case>;

describe("drift statistics equal scipy's", () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const ks = ksTwoSample(c.reference, c.current);
      expect(ks.statistic).toBeCloseTo(c.ks, 12);
      expect(ks.pValue).toBeCloseTo(c.ksPValue, 10);
      expect(wasserstein(c.reference, c.current)).toBeCloseTo(c.wasserstein, 10);
      expect(normedWasserstein(c.reference, c.current)).toBeCloseTo(c.normedWasserstein, 10);
      expect(jensenShannon(c.reference, c.current)).toBeCloseTo(c.jensenShannon, 10);
    });
  }
});

describe("driftTest", () => {
  it("flags a sample from another distribution and not one from the same", () => {
    expect(driftTest(cases["exp-vs-lognormal"].reference, cases["exp-vs-lognormal"].current)).toMatchObject({ method: "ks", drift: true });
    expect(driftTest(cases["same-normal"].reference, cases["same-normal"].current)).toMatchObject({ method: "ks", drift: false, psiBand: "stable" });
  });

  it("uses the normed Wasserstein distance on large reference samples", () => {
    const ref = Array.from({ length: 2000 }, (_, i) => Math.sin(i) * 10 + 100);
    const same = driftTest(ref, ref.slice(0, 500));
    expect(same).toMatchObject({ method: "wasserstein", drift: false });
    const shifted = driftTest(ref, ref.slice(0, 500).map((v) => v + 3));
    expect(shifted.method).toBe("wasserstein");
    expect(shifted.statistic).toBeCloseTo(3 / Math.sqrt(50), 1);
    expect(shifted.drift).toBe(true);
    expect(shifted.psiBand).toBe("significant");
  });

  it("PSI is 0 for identical samples and grows with the shift; bands at 0.1 and 0.25", () => {
    const ref = Array.from({ length: 1000 }, (_, i) => i);
    expect(psi(ref, ref)).toBeCloseTo(0, 12);
    expect(psi(ref, ref.map((v) => v + 50))).toBeLessThan(psi(ref, ref.map((v) => v + 300)));
    expect([psiBand(0.05), psiBand(0.2), psiBand(0.3)]).toEqual(["stable", "moderate", "significant"]);
  });

  it("ignores NaNs and refuses an empty sample by name", () => {
    expect(ksTwoSample([1, 2, NaN, 3], [1, 2, 3]).statistic).toBe(0);
    expect(() => driftTest([NaN], [1])).toThrow(/reference/);
  });
});
