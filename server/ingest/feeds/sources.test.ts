import { describe, expect, it } from "vitest";
import { ValidationError } from "@/server/http/errors";
import { chunkGaps } from "./find-gaps";
import { isDue } from "./due-sources";
import { parseFeed } from "./parse-feed";

describe("sources", () => {
  it("parses CSV and JSON feeds, skipping empty readings and naming bad rows", () => {
    const csv = "ts,value\n2026-01-01T00:00:00Z,1.5\n2026-01-01T01:00:00Z,\n2026-01-01T02:00:00Z,3";
    expect(parseFeed(csv, { format: "csv", timestampField: "ts", valueField: "value" })).toEqual([
      { tsMs: Date.UTC(2026, 0, 1, 0), value: 1.5 },
      { tsMs: Date.UTC(2026, 0, 1, 2), value: 3 },
    ]);
    const json = JSON.stringify({ data: [{ t: 1767225600, v: 2 }] });
    expect(parseFeed(json, { format: "json", timestampField: "t", valueField: "v" })).toEqual([{ tsMs: 1767225600000, value: 2 }]);
    const bad = () => parseFeed("ts,value\n2026-01-01T00:00:00Z,abc", { format: "csv", timestampField: "ts", valueField: "value" });
    expect(bad).toThrow(ValidationError);
    expect(bad).toThrow(/row 1/);
  });

  it("is due when the source's cron fired since its last run", () => {
    const now = new Date("2026-01-01T10:31:00Z");
    expect(isDue({ cron: "*/30 * * * *", lastRunAt: null }, now)).toBe(true);
    expect(isDue({ cron: "*/30 * * * *", lastRunAt: new Date("2026-01-01T10:29:00Z") }, now)).toBe(true);
    expect(isDue({ cron: "*/30 * * * *", lastRunAt: new Date("2026-01-01T10:30:30Z") }, now)).toBe(false);
  });

  it("splits gaps into chunks of at most N steps", () => {
    const step = 1000;
    expect(chunkGaps([{ fromMs: 0, toMs: 25_000, missing: 25 }], step, 10)).toEqual([
      { fromMs: 0, toMs: 10_000 },
      { fromMs: 10_000, toMs: 20_000 },
      { fromMs: 20_000, toMs: 25_000 },
    ]);
  });
});
