import { describe, expect, it } from "vitest";
import { calendarSeasonLengths, inferStepMs, STEP_MS } from "./frequency";
import { impute } from "./impute";
import { regularize } from "./regularize";
import { inferSeasonLengths } from "./seasonality";
import { splitByCount, splitByTime } from "./split";
import { InvalidInputError } from "../errors";
import { gaussian, mulberry32 } from "../stats/random";

const H = STEP_MS.hour;

describe("frequency", () => {
  it("infers the step despite gaps", () => {
    const ts = [0, H, 2 * H, 4 * H, 5 * H, 6 * H, 9 * H];
    expect(inferStepMs(ts)).toBe(H);
    expect(calendarSeasonLengths(H)).toEqual([24, 168]);
    expect(calendarSeasonLengths(STEP_MS.halfHour)).toEqual([48, 336]);
  });
  it("rejects unordered timestamps with the row", () => {
    expect(() => inferStepMs([0, H, H])).toThrow(InvalidInputError);
  });
});

describe("regularize and impute", () => {
  it("puts NaN into gaps", () => {
    const s = regularize("a", [0, H, 3 * H], [1, 2, 4]);
    expect(Array.from(s.values)).toEqual([1, 2, NaN, 4]);
    expect(s.stepMs).toBe(H);
  });
  it("rejects off-grid timestamps", () => {
    expect(() => regularize("a", [0, H, 2.5 * H], [1, 2, 3], H)).toThrow(/off the/);
  });
  it("linear interpolation and edge carry", () => {
    const v = Float64Array.from([NaN, 1, NaN, NaN, 4, NaN]);
    expect(Array.from(impute(v, "linear"))).toEqual([1, 1, 2, 3, 4, 4]);
  });
  it("seasonal imputation copies the previous season", () => {
    const v = Float64Array.from([1, 2, 3, 1, NaN, 3, NaN, 2, 3]);
    expect(Array.from(impute(v, "seasonal", 3))).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });
});

describe("season length inference", () => {
  it("finds 24 and 168 in an hourly daily+weekly pattern", () => {
    const n = 24 * 7 * 6;
    const v = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      const day = Math.floor(t / 24) % 7;
      v[t] = 100 + 0.05 * t + 10 * Math.sin((2 * Math.PI * t) / 24) + (day >= 5 ? -15 : 0) + Math.sin(t * 12.9898) * 0.5;
    }
    const s = inferSeasonLengths(v);
    expect(s[0]).toBe(24);
    expect(s).toContain(168);
  });
  it("returns nothing for white noise", () => {
    const z = gaussian(mulberry32(7));
    const v = new Float64Array(500);
    for (let t = 0; t < 500; t++) v[t] = z();
    expect(inferSeasonLengths(v, { threshold: 0.3 })).toEqual([]);
  });
});

describe("train/validation split", () => {
  it("splits by count and by time without leaking", () => {
    const s = { id: "a", values: Float64Array.from([1, 2, 3, 4, 5]), startMs: 0, stepMs: H };
    const a = splitByCount(s, 2);
    expect(Array.from(a.train.values)).toEqual([1, 2, 3]);
    expect(Array.from(a.validation)).toEqual([4, 5]);
    const b = splitByTime(s, 3 * H);
    expect(Array.from(b.validation)).toEqual([4, 5]);
  });
});
