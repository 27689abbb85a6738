/**
 * Property: for every pollutant and period of both standards, the sub-index never falls as the
 * concentration rises (over the range where that period's table defines one), and the combined AQI of
 * a pollutant's readings never falls either.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chinaAqi, chinaSubIndex } from "./china-aqi";
import { CHINA_BREAKPOINTS } from "./china-breakpoints";
import { epaAqi, epaSubIndex } from "./epa-aqi";
import { EPA_BREAKPOINTS } from "./epa-breakpoints";
import type { AqiAveraging, Band, Pollutant, SubIndex } from "./types";

type Table = Partial<Record<Pollutant, Partial<Record<AqiAveraging, Band[]>>>>;
const periods = (t: Table) =>
  Object.entries(t).flatMap(([p, byAvg]) => Object.entries(byAvg ?? {}).map(([avg, bands]) => ({ p: p as Pollutant, avg: avg as AqiAveraging, top: bands![bands!.length - 1].cHi })));

const cases: Array<{ standard: string; p: Pollutant; avg: AqiAveraging; top: number; f: (p: Pollutant, a: AqiAveraging, c: number) => SubIndex | null }> = [
  ...periods(EPA_BREAKPOINTS).map((x) => ({ ...x, standard: "epa", f: epaSubIndex })),
  ...periods(CHINA_BREAKPOINTS).map((x) => ({ ...x, standard: "china", f: chinaSubIndex })),
];

describe("AQI is monotone non-decreasing in concentration", () => {
  it.each(cases)("$standard $p $avg", ({ p, avg, top, f }) => {
    // Uniform over 0 … 1.3 × the top breakpoint (fc.double favours tiny magnitudes), at a step finer than any
    // truncation, plus every exact value a run of sorted draws lands on.
    const STEPS = 1_000_000;
    const conc = fc.integer({ min: 0, max: STEPS }).map((k) => (k / STEPS) * top * 1.3);
    fc.assert(
      fc.property(fc.array(conc, { minLength: 2, maxLength: 40 }), (cs) => {
        const sorted = [...cs].sort((a, b) => a - b);
        // Where defined, a higher concentration's index is at least as high.
        const defined = sorted.map((c) => f(p, avg, c)).filter((s): s is SubIndex => s !== null);
        for (let k = 1; k < defined.length; k++) expect(defined[k].index).toBeGreaterThanOrEqual(defined[k - 1].index);
      }),
      { numRuns: 300 },
    );
  });

  it("over each standard's combined rules (EPA O3 8-h+1-h and SO2 1-h→24-h, China's fallbacks)", () => {
    const uniform = (max: number) => fc.integer({ min: 0, max: 1_000_000 }).map((k) => (k / 1_000_000) * max);
    const pair = (max: number) => fc.tuple(uniform(max), uniform(max));
    fc.assert(
      fc.property(pair(1200), ([a, b]) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        // One concentration for both periods keeps the readings consistent with each other (1-h ≥ its mean).
        const so2 = (c: number) => epaAqi([{ pollutant: "so2", averaging: "1h", value: c }, { pollutant: "so2", averaging: "24h", value: c }]).aqi!;
        expect(so2(hi)).toBeGreaterThanOrEqual(so2(lo));
        const o3 = (c: number) => epaAqi([{ pollutant: "o3", averaging: "8h", value: c / 1000 }, { pollutant: "o3", averaging: "1h", value: c / 1000 }]).aqi!;
        // Only while the 8-h value is inside its table (≤ 0.200 ppm): above it the TAD hands the AQI to the 1-h
        // table, which gives less for the same concentration (8-h 0.104 ppm is 197, 1-h 0.201 ppm is 196) — a
        // step in the standard itself, reached only when the 1-h maximum barely exceeds the 8-h mean.
        if (hi <= 200) expect(o3(hi)).toBeGreaterThanOrEqual(o3(lo));
        const cso2 = (c: number) => chinaAqi([{ pollutant: "so2", averaging: "1h", value: c }, { pollutant: "so2", averaging: "24h", value: c }]).aqi!;
        expect(cso2(hi)).toBeGreaterThanOrEqual(cso2(lo));
        const co3 = (c: number) => chinaAqi([{ pollutant: "o3", averaging: "8h", value: c }, { pollutant: "o3", averaging: "1h", value: c }]).aqi!;
        expect(co3(hi)).toBeGreaterThanOrEqual(co3(lo));
      }),
      { numRuns: 1000 },
    );
  });
});
