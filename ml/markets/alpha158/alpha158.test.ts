import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../../errors";
import { ALPHA158_FAMILIES, ALPHA158_NAMES, alpha158Family, computeAlpha158, type Alpha158Bars } from "./alpha158";

// The reference CSVs are written by fixtures/alpha158_reference.py (numpy, window by window, from Qlib's
// published expressions); see the README for how to regenerate them.
const FIX = join(__dirname, "fixtures");
function readCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(join(FIX, file), "utf8").trim().split("\n");
  return { header: lines[0].split(","), rows: lines.slice(1).map((l) => l.split(",")) };
}
function readBars(file: string): Alpha158Bars {
  const { header, rows } = readCsv(file);
  const col = (name: string) => Float64Array.from(rows, (r) => Number(r[header.indexOf(name)].replace(/^nan$/, "NaN")));
  return { open: col("Open"), high: col("High"), low: col("Low"), close: col("Close"), volume: col("Volume") };
}
function readReference(file: string): Map<string, Float64Array> {
  const { header, rows } = readCsv(file);
  return new Map(header.slice(1).map((name, j) => [name, Float64Array.from(rows, (r) => Number(r[j + 1]))]));
}

/** Equal to 1e-8, relative where |expected| > 1; NaN matches NaN, ±Infinity matches itself. */
function mismatches(actual: Float64Array, expected: Float64Array): string[] {
  const bad: string[] = [];
  for (let t = 0; t < expected.length; t++) {
    const a = actual[t];
    const e = expected[t];
    const ok = Number.isNaN(e) ? Number.isNaN(a) : !Number.isFinite(e) ? a === e : Math.abs(a - e) <= 1e-8 * Math.max(1, Math.abs(e));
    if (!ok) bad.push(`row ${t}: ${a} vs ${e}`);
  }
  return bad;
}

const cases = [
  { label: "AAPL, 300 daily bars from 2013", bars: "aapl-daily-2013.csv", ref: "aapl-alpha158-reference.csv" },
  { label: "synthetic edge bars (flat stretch, zero volume, a NaN bar)", bars: "edge-bars.csv", ref: "edge-alpha158-reference.csv" },
];

describe("ALPHA158_NAMES", () => {
  it("has Qlib's 158 names, unique, in Qlib's order", () => {
    expect(ALPHA158_NAMES).toHaveLength(158);
    expect(new Set(ALPHA158_NAMES).size).toBe(158);
    expect(ALPHA158_NAMES.slice(0, 14)).toEqual(["KMID", "KLEN", "KMID2", "KUP", "KUP2", "KLOW", "KLOW2", "KSFT", "KSFT2", "OPEN0", "HIGH0", "LOW0", "VWAP0", "ROC5"]);
    expect(ALPHA158_NAMES).toContain("CORD60");
    expect(ALPHA158_NAMES).toContain("VSUMD30");
    expect(ALPHA158_NAMES.at(-1)).toBe("VSUMD60");
    expect([...readReference(cases[0].ref).keys()]).toEqual(ALPHA158_NAMES);
  });
  it("groups every name into exactly one family (kbar, price, one per operator)", () => {
    const all = Object.values(ALPHA158_FAMILIES).flat();
    expect(all.sort()).toEqual([...ALPHA158_NAMES].sort());
    expect(Object.keys(ALPHA158_FAMILIES)).toHaveLength(2 + 29);
    for (const [family, names] of Object.entries(ALPHA158_FAMILIES)) for (const n of names) expect(alpha158Family(n)).toBe(family);
    expect(() => alpha158Family("FOO5")).toThrow(InvalidInputError);
  });
});

describe.each(cases)("computeAlpha158 vs the numpy reference: $label", ({ bars, ref }) => {
  const out = computeAlpha158(readBars(bars));
  const expected = readReference(ref);
  it("returns 158 columns of the bars' length", () => {
    expect(out.names).toEqual(ALPHA158_NAMES);
    expect(out.columns).toHaveLength(158);
    for (const c of out.columns) expect(c.length).toBe(expected.get("KMID")!.length);
  });
  it.each(Object.entries(ALPHA158_FAMILIES))("family %s matches to 1e-8", (_family, names) => {
    for (const name of names) {
      const bad = mismatches(out.columns[out.names.indexOf(name)], expected.get(name)!);
      expect(bad.slice(0, 3), name).toEqual([]);
    }
  });
});

describe("computeAlpha158 edge cases", () => {
  const n = 70;
  const flat = (x: number) => new Float64Array(n).fill(x);
  const col = (out: ReturnType<typeof computeAlpha158>, name: string) => out.columns[out.names.indexOf(name)];

  it("a constant series: zero returns and spreads, R² and correlations undefined (NaN, as Qlib masks them)", () => {
    const out = computeAlpha158({ open: flat(10), high: flat(10), low: flat(10), close: flat(10), volume: flat(1000) });
    expect(col(out, "KMID")[n - 1]).toBe(0);
    expect(col(out, "ROC60")[n - 1]).toBe(1);
    expect(col(out, "STD20")[n - 1]).toBe(0);
    expect(col(out, "BETA20")[n - 1]).toBe(0);
    expect(col(out, "RSQR20")[n - 1]).toBeNaN();
    expect(col(out, "CORR20")[n - 1]).toBeNaN();
    expect(col(out, "RANK10")[n - 1]).toBe(0.55); // ten ties: average rank 5.5 of 10
    expect(col(out, "IMAX10")[n - 1]).toBeCloseTo(0.1, 15); // the first of equal highs
    expect(col(out, "CNTP20")[n - 1]).toBe(0);
    expect(col(out, "SUMP20")[n - 1]).toBe(0);
  });
  it("the first bars: min_periods = 1 (MA from one bar, STD needs two, ROC NaN until d bars back)", () => {
    const close = Float64Array.from({ length: n }, (_, i) => 10 + i);
    const out = computeAlpha158({ open: close, high: close, low: close, close, volume: flat(1) });
    expect(col(out, "MA5")[0]).toBe(1);
    expect(col(out, "STD5")[0]).toBeNaN();
    expect(col(out, "STD5")[1]).toBeCloseTo(Math.SQRT1_2 / 11, 15);
    expect(col(out, "ROC5")[4]).toBeNaN();
    expect(col(out, "ROC5")[5]).toBeCloseTo(10 / 15, 15);
    expect(col(out, "IMAX60")[2]).toBeCloseTo(3 / 60, 15); // position 3 of the 3-bar early window
    expect(col(out, "RSQR5")[1]).toBeCloseTo(1, 12);
  });
  it("zero volume: VMA divides by volume + 1e-12 (large, finite), VSUMP is 0/(0+1e-12) = 0", () => {
    const close = Float64Array.from({ length: n }, (_, i) => 10 + Math.sin(i));
    const out = computeAlpha158({ open: close, high: close, low: close, close, volume: flat(0) });
    expect(col(out, "VMA5")[n - 1]).toBe(0);
    expect(col(out, "VSUMP5")[n - 1]).toBe(0);
    expect(col(out, "CORD5")[n - 1]).toBeNaN(); // log(0/0 + 1)
  });
  it("rejects arrays of different lengths or of the wrong type, naming the field", () => {
    const bars = { open: flat(1), high: flat(1), low: flat(1), close: flat(1), volume: new Float64Array(3) };
    expect(() => computeAlpha158(bars)).toThrow(/volume has 3 values/);
    expect(() => computeAlpha158({ ...bars, volume: flat(1), vwap: [1] as unknown as Float64Array })).toThrow(InvalidInputError);
  });
});
