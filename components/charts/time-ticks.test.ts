import { describe, expect, it } from "vitest";
import { timeTicks } from "./time-ticks";

const iso = (ms: number) => new Date(ms).toISOString();

describe("timeTicks", () => {
  it("puts one tick per whole day for a week", () => {
    const { ticks, unit } = timeTicks(Date.parse("2000-08-21T00:30:00Z"), Date.parse("2000-08-28T00:30:00Z"));
    expect(unit).toBe("day");
    expect(ticks.map(iso)).toEqual([22, 23, 24, 25, 26, 27, 28].map((d) => `2000-08-${d}T00:00:00.000Z`));
  });

  it("uses weekly ticks for a month and never repeats a day", () => {
    const { ticks, unit } = timeTicks(Date.parse("2000-07-29T00:30:00Z"), Date.parse("2000-08-28T00:30:00Z"));
    expect(unit).toBe("day");
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(new Set(ticks.map((t) => iso(t).slice(0, 10))).size).toBe(ticks.length);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i] - ticks[i - 1]).toBe(7 * 86_400_000);
  });

  it("steps by months and years on month boundaries", () => {
    const months = timeTicks(Date.parse("2020-01-15T00:00:00Z"), Date.parse("2021-01-15T00:00:00Z"));
    expect(months.unit).toBe("month");
    expect(months.ticks.map(iso)).toEqual(["2020-04-01", "2020-07-01", "2020-10-01", "2021-01-01"].map((d) => `${d}T00:00:00.000Z`));
    const years = timeTicks(Date.parse("1990-06-01T00:00:00Z"), Date.parse("2012-03-01T00:00:00Z"));
    expect(years.unit).toBe("year");
    expect(years.ticks.map((t) => new Date(t).getUTCFullYear())).toEqual([1995, 2000, 2005, 2010]);
  });

  it("uses hour steps for a day and handles an empty span", () => {
    const { ticks, unit } = timeTicks(Date.parse("2024-01-01T00:10:00Z"), Date.parse("2024-01-02T00:00:00Z"));
    expect(unit).toBe("hour");
    expect(iso(ticks[0])).toBe("2024-01-01T03:00:00.000Z");
    expect(timeTicks(5, 5)).toEqual({ ticks: [5], unit: "day" });
  });
});
