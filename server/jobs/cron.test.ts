import { describe, expect, it } from "vitest";
import { CronSyntaxError, cronMatches, parseCron } from "./cron";

const at = (iso: string) => new Date(iso);

describe("cron", () => {
  it("matches steps, ranges and lists in UTC", () => {
    const every15 = parseCron("*/15 * * * *");
    expect(cronMatches(every15, at("2026-01-05T10:30:00Z"))).toBe(true);
    expect(cronMatches(every15, at("2026-01-05T10:31:00Z"))).toBe(false);
    const nightly = parseCron("TZ=UTC 0 3 * * 1-5");
    expect(cronMatches(nightly, at("2026-01-05T03:00:40Z"))).toBe(true); // Monday
    expect(cronMatches(nightly, at("2026-01-04T03:00:00Z"))).toBe(false); // Sunday
    const list = parseCron("5,10 0 1 1,6 *");
    expect(cronMatches(list, at("2026-06-01T00:10:00Z"))).toBe(true);
    expect(cronMatches(list, at("2026-06-02T00:10:00Z"))).toBe(false);
  });

  it("ORs day-of-month and day-of-week when both are restricted; 7 is Sunday", () => {
    const s = parseCron("0 0 15 * 7");
    expect(cronMatches(s, at("2026-01-15T00:00:00Z"))).toBe(true); // Thursday the 15th
    expect(cronMatches(s, at("2026-01-04T00:00:00Z"))).toBe(true); // Sunday
    expect(cronMatches(s, at("2026-01-05T00:00:00Z"))).toBe(false);
  });

  it("names the bad field", () => {
    expect(() => parseCron("61 * * * *")).toThrow(CronSyntaxError);
    expect(() => parseCron("* * *")).toThrow(/3 fields/);
    expect(() => parseCron("* x * * *")).toThrow(/hour/);
  });
});
