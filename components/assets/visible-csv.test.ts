import { describe, expect, it } from "vitest";
import { visibleCsv } from "./visible-csv";

describe("visibleCsv", () => {
  it("writes the observations then the forecast with its bounds per level", () => {
    const csv = visibleCsv(
      [
        { ts: new Date("2024-01-01T00:00:00Z"), value: 1.5 },
        { ts: "2024-01-01T01:00:00Z", value: Number.NaN },
      ],
      { levels: [95, 80], points: [{ ts: "2024-01-01T02:00:00Z", mean: 2, lower: { "80": 1.5, "95": 1 }, upper: { "80": 2.5, "95": 3 } }] },
    );
    expect(csv.split("\n")).toEqual([
      "timestamp,kind,value,lower_80,upper_80,lower_95,upper_95",
      "2024-01-01T00:00:00.000Z,observed,1.5,,,,",
      "2024-01-01T01:00:00.000Z,observed,,,,,",
      "2024-01-01T02:00:00.000Z,forecast,2,1.5,2.5,1,3",
      "",
    ]);
  });

  it("without a forecast it is the history alone", () => {
    expect(visibleCsv([{ ts: "2024-01-01T00:00:00Z", value: 3 }], null)).toBe("timestamp,kind,value\n2024-01-01T00:00:00.000Z,observed,3\n");
  });
});
