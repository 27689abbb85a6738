import { describe, expect, it } from "vitest";
import { parseTimestamp } from "./parse-timestamp";
import { isValidTimeZone, zonedWallTimeToUtcMs } from "./time-zone";

const iso = (r: ReturnType<typeof parseTimestamp>) => (r.ok ? new Date(r.ms).toISOString() : `error: ${r.reason}`);

describe("parseTimestamp", () => {
  it("reads ISO-8601 with Z and with offsets", () => {
    expect(iso(parseTimestamp("2000-06-05T00:30:00Z"))).toBe("2000-06-05T00:30:00.000Z");
    expect(iso(parseTimestamp("2000-06-05T00:30:00+01:00"))).toBe("2000-06-04T23:30:00.000Z");
    expect(iso(parseTimestamp("2000-06-05 00:30:00.25-0530"))).toBe("2000-06-05T06:00:00.250Z");
    expect(iso(parseTimestamp("2000-06-05T00:30+02"))).toBe("2000-06-04T22:30:00.000Z");
  });

  it("reads naive local times in the given zone, across DST", () => {
    const tz = { timeZone: "Europe/London" };
    expect(iso(parseTimestamp("2000-06-05 12:00", tz))).toBe("2000-06-05T11:00:00.000Z"); // BST
    expect(iso(parseTimestamp("2000-01-05 12:00", tz))).toBe("2000-01-05T12:00:00.000Z"); // GMT
    expect(iso(parseTimestamp("2024-03-10T02:30", { timeZone: "America/New_York" }))).toBe("2024-03-10T07:30:00.000Z"); // gap → later
    // 01:30 occurs twice on 2024-11-03 in New York; the earlier (EDT, -04:00) instant wins.
    expect(iso(parseTimestamp("2024-11-03 01:30", { timeZone: "America/New_York" }))).toBe("2024-11-03T05:30:00.000Z");
    expect(iso(parseTimestamp("2024-06-01T09:00", { timeZone: "Asia/Kolkata" }))).toBe("2024-06-01T03:30:00.000Z");
  });

  it("places dates at UTC midnight unless asked for local midnight", () => {
    expect(iso(parseTimestamp("1985-01-02", { timeZone: "America/New_York" }))).toBe("1985-01-02T00:00:00.000Z");
    expect(iso(parseTimestamp("1985-01-02", { timeZone: "America/New_York", dateOnly: "local" }))).toBe("1985-01-02T05:00:00.000Z");
  });

  it("reads epoch seconds and milliseconds", () => {
    expect(iso(parseTimestamp(959_990_400))).toBe("2000-06-03T00:00:00.000Z");
    expect(iso(parseTimestamp("959990400000"))).toBe("2000-06-03T00:00:00.000Z");
    expect(iso(parseTimestamp("1000", { format: "epoch_ms" }))).toBe("1970-01-01T00:00:01.000Z");
    expect(iso(parseTimestamp("1.5", { format: "epoch_s" }))).toBe("1970-01-01T00:00:01.500Z");
  });

  it("explains what is wrong", () => {
    expect(iso(parseTimestamp("2000-02-30"))).toMatch(/day 30 does not exist/);
    expect(iso(parseTimestamp("2000-13-01"))).toMatch(/month 13/);
    expect(iso(parseTimestamp("yesterday"))).toMatch(/not an ISO-8601/);
    expect(iso(parseTimestamp("2000-01-01T24:00"))).toMatch(/hour 24/);
    expect(iso(parseTimestamp(""))).toMatch(/empty/);
    expect(iso(parseTimestamp("2000-01-01", { format: "epoch_s" }))).toMatch(/not an epoch number/);
    expect(iso(parseTimestamp(1e20, { format: "epoch_ms" }))).toMatch(/outside years/);
  });
});

describe("time zones", () => {
  it("validates IANA names", () => {
    expect(isValidTimeZone("Europe/London")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus")).toBe(false);
  });
  it("converts wall time in UTC to itself", () => {
    expect(zonedWallTimeToUtcMs(Date.UTC(2020, 0, 1), "UTC")).toBe(Date.UTC(2020, 0, 1));
  });
});

describe("parseTimestamp fast path", () => {
  it("agrees with Date.parse on canonical ISO text and falls back for the rest", () => {
    for (const t of ["2000-02-29T23:59:59Z", "1999-12-31T00:00:00.123Z", "2024-06-01T12:34:56.789Z"]) {
      expect(iso(parseTimestamp(t))).toBe(new Date(Date.parse(t)).toISOString());
    }
    expect(iso(parseTimestamp("2001-02-29T00:00:00Z"))).toMatch(/day 29 does not exist/);
    expect(iso(parseTimestamp("2001-02-28T24:00:00Z"))).toMatch(/hour 24/);
    expect(iso(parseTimestamp("2024-01-01T00:00:00", { requireOffset: true }))).toMatch(/needs a UTC offset/);
    expect(iso(parseTimestamp("2024-01-01", { requireOffset: true }))).toBe("2024-01-01T00:00:00.000Z");
  });
});
