import { describe, expect, it } from "vitest";
import { formatSeriesTime, isDateOnlyFrequency } from "./format";

describe("series timestamps", () => {
  it("treats daily and coarser frequencies as dates", () => {
    expect(["1d", "7d", "1w", "1mo"].map(isDateOnlyFrequency)).toEqual([true, true, true, true]);
    expect(["30m", "1h", "12h", "15s", "", null, undefined].map(isDateOnlyFrequency)).toEqual([false, false, false, false, false, false, false]);
  });

  it("shows a daily bar stored at 00:00 UTC as its own date in any zone, and hourly data in the asset's zone", () => {
    const jan2 = new Date("1985-01-02T00:00:00Z");
    const daily = formatSeriesTime(jan2, "1d", "America/New_York");
    expect(daily).toMatch(/2/);
    expect(daily).not.toMatch(/1,|PM|AM|:/);
    expect(daily).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" }).format(jan2));
    const hourly = formatSeriesTime(jan2, "1h", "America/New_York");
    expect(hourly).toBe(new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: "America/New_York" }).format(jan2));
  });
});
