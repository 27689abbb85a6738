import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors";
import { nowcast, nowcastSubIndex } from "./nowcast";

// EPA's worked example ("Computing the NowCast", AirNow): the 12 hours, oldest first
// 50 80 75 90 82 53 64 74 21 10 16 13; range 80, scaled rate 80/90, weight 0.11 → 0.5; NowCast 17.4 µg/m³.
const EXAMPLE_NEWEST_FIRST = [13, 16, 10, 21, 74, 64, 53, 82, 90, 75, 80, 50];

describe("nowcast", () => {
  it("reproduces EPA's worked example, truncated to 0.1 µg/m³", () => {
    expect(nowcast("pm25", EXAMPLE_NEWEST_FIRST)).toBe(17.4);
    // 17.4 on the 2024 PM2.5 table: 49/26.3 × 8.3 + 51 = 66.46 → 66.
    expect(nowcastSubIndex("pm25", EXAMPLE_NEWEST_FIRST)).toMatchObject({ concentration: 17.4, index: 66 });
  });

  it("uses w = min/max when it is at least 0.5, so steady air gives nearly the 12-h mean", () => {
    const hours = [20, 18, 16, 15, 14, 13, 12, 12, 11, 11, 10, 10]; // w = 10/20 = 0.5 exactly
    const w = 0.5;
    const expected = hours.reduce((a, c, i) => a + c * w ** i, 0) / hours.reduce((a, _, i) => a + w ** i, 0);
    expect(nowcast("pm25", hours)).toBe(Math.floor(expected * 10) / 10);
    const flat = Array(12).fill(30);
    expect(nowcast("pm10", flat)).toBe(30);
    const gentle = [12, 11, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]; // w = 10/12
    const g = 10 / 12;
    const ge = gentle.reduce((a, c, i) => a + c * g ** i, 0) / gentle.reduce((a, _, i) => a + g ** i, 0);
    expect(nowcast("pm10", gentle)).toBe(Math.floor(ge));
  });

  it("skips missing hours (NaN) in the sums and in min/max", () => {
    const hours = [13, NaN, 10, 21, 74, NaN, 53, 82, 90, 75, 80, 50];
    const valid = hours.map((c, i) => [c, i] as const).filter(([c]) => !Number.isNaN(c));
    const expected = valid.reduce((a, [c, i]) => a + c * 0.5 ** i, 0) / valid.reduce((a, [, i]) => a + 0.5 ** i, 0);
    expect(nowcast("pm25", hours)).toBe(Math.floor(expected * 10) / 10);
  });

  it("needs 2 of the 3 most recent hours", () => {
    expect(nowcast("pm25", [NaN, NaN, 10, 21, 74, 64, 53, 82, 90, 75, 80, 50])).toBeNull();
    expect(nowcast("pm25", [NaN, 12, NaN, 21])).toBeNull();
    expect(nowcast("pm25", [NaN, 12, 14])).not.toBeNull();
    expect(nowcastSubIndex("pm25", [NaN, NaN, 10])).toBeNull();
  });

  it("reads only the last 12 hours and handles all-zero air", () => {
    expect(nowcast("pm25", [...EXAMPLE_NEWEST_FIRST, 1000, 1000])).toBe(17.4);
    expect(nowcast("pm25", Array(12).fill(0))).toBe(0);
  });

  it("refuses negative or infinite hours, naming the hour", () => {
    expect(() => nowcast("pm25", [10, -1, 12])).toThrow(InvalidInputError);
    expect(() => nowcast("pm25", [10, Infinity, 12])).toThrow(/hour 1/);
  });
});
