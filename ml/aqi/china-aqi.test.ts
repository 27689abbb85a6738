/** China's AQI against HJ 633-2012 Table 1, written out here (every breakpoint of every table). */
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors";
import { chinaAqi, chinaSubIndex } from "./china-aqi";
import type { AqiAveraging, Pollutant } from "./types";

const IAQI = [0, 50, 100, 150, 200, 300, 400, 500];
const TABLE: Array<[Pollutant, AqiAveraging, number[]]> = [
  ["so2", "24h", [0, 50, 150, 475, 800, 1600, 2100, 2620]],
  ["so2", "1h", [0, 150, 500, 650, 800]],
  ["no2", "24h", [0, 40, 80, 180, 280, 565, 750, 940]],
  ["no2", "1h", [0, 100, 200, 700, 1200, 2340, 3090, 3840]],
  ["pm10", "24h", [0, 50, 150, 250, 350, 420, 500, 600]],
  ["co", "24h", [0, 2, 4, 14, 24, 36, 48, 60]],
  ["co", "1h", [0, 5, 10, 35, 60, 90, 120, 150]],
  ["o3", "1h", [0, 160, 200, 300, 400, 800, 1000, 1200]],
  ["o3", "8h", [0, 100, 160, 215, 265, 800]],
  ["pm25", "24h", [0, 35, 75, 115, 150, 250, 350, 500]],
];
const edges = TABLE.flatMap(([p, avg, bp]) => bp.map((c, k) => ({ p, avg, c, iaqi: IAQI[k] })));
// Just above each breakpoint (but the last): the next band's slope, rounded up.
const justAbove = TABLE.flatMap(([p, avg, bp]) =>
  bp.slice(0, -1).map((c, k) => {
    const d = (bp[k + 1] - c) / 1000;
    return { p, avg, c: c + d, iaqi: IAQI[k] + Math.ceil(((IAQI[k + 1] - IAQI[k]) * d) / (bp[k + 1] - c)) };
  }),
);

describe("chinaSubIndex", () => {
  it.each(edges)("$p $avg $c → IAQI $iaqi", ({ p, avg, c, iaqi }) => {
    expect(chinaSubIndex(p, avg, c)).toMatchObject({ index: iaqi, beyondIndex: false });
  });

  it.each(justAbove)("$p $avg just above a breakpoint ($c) → IAQI $iaqi", ({ p, avg, c, iaqi }) => {
    expect(chinaSubIndex(p, avg, c)?.index).toBe(iaqi);
  });

  it("rounds up (HJ 633 §5.1), not to the nearest", () => {
    // PM2.5 36: 50 + 50/40 × 1 = 51.25 → 52; NO2 24h 41: 50 + 50/40 × 1 = 51.25 → 52.
    expect(chinaSubIndex("pm25", "24h", 36)?.index).toBe(52);
    expect(chinaSubIndex("no2", "24h", 41)?.index).toBe(52);
    // CO 24h 2.1 mg/m³: 50 + 50/2 × 0.1 = 52.5 → 53.
    expect(chinaSubIndex("co", "24h", 2.1)?.index).toBe(53);
    // PM10 51 µg/m³: 50 + 50/100 × 1 = 50.5 → 51.
    expect(chinaSubIndex("pm10", "24h", 51)?.index).toBe(51);
  });

  it("stops 1-h SO2 and 8-h O3 above 800 µg/m³ (null) and reports the rest beyond 500 as 500", () => {
    expect(chinaSubIndex("so2", "1h", 801)).toBeNull();
    expect(chinaSubIndex("o3", "8h", 800.5)).toBeNull();
    expect(chinaSubIndex("pm25", "24h", 600)).toMatchObject({ index: 500, beyondIndex: true });
    expect(chinaSubIndex("co", "1h", 151)).toMatchObject({ index: 500, beyondIndex: true });
  });

  it("refuses NaN, negative values and periods without a table", () => {
    expect(() => chinaSubIndex("pm25", "24h", NaN)).toThrow(InvalidInputError);
    expect(() => chinaSubIndex("so2", "24h", -3)).toThrow(/so2 24h.*≥ 0/);
    expect(() => chinaSubIndex("pm25", "1h", 30)).toThrow(/no 1h table for pm25/);
  });
});

describe("chinaAqi", () => {
  it("AQI = max IAQI; primary pollutant(s) = those equal to it when AQI > 50; exceeding = IAQI > 100", () => {
    const r = chinaAqi([
      { pollutant: "pm25", averaging: "24h", value: 120 }, // 150 + 50/35 × 5 = 157.1 → 158
      { pollutant: "pm10", averaging: "24h", value: 180 }, // 100 + 50/100 × 30 = 115
      { pollutant: "no2", averaging: "24h", value: 60 }, // 75
      { pollutant: "so2", averaging: "24h", value: 10 }, // 10
      { pollutant: "co", averaging: "24h", value: 1.2 }, // 30
      { pollutant: "o3", averaging: "8h", value: 80 }, // 40
    ]);
    expect(r.aqi).toBe(158);
    expect(r.level).toBe(4);
    expect(r.primary).toEqual([{ pollutant: "pm25", averaging: "24h" }]);
    expect(r.exceeding).toEqual([
      { pollutant: "pm25", averaging: "24h" },
      { pollutant: "pm10", averaging: "24h" },
    ]);
  });

  it("has no primary pollutant at AQI ≤ 50, and ties share it", () => {
    expect(chinaAqi([{ pollutant: "pm25", averaging: "24h", value: 35 }])).toMatchObject({ aqi: 50, level: 1, primary: [] });
    const tie = chinaAqi([
      { pollutant: "pm25", averaging: "24h", value: 75 },
      { pollutant: "pm10", averaging: "24h", value: 150 },
    ]);
    expect(tie.aqi).toBe(100);
    expect(tie.primary.map((p) => p.pollutant)).toEqual(["pm25", "pm10"]);
  });

  it("falls back from 1-h SO2 and 8-h O3 above 800 to the other period, saying so", () => {
    const r = chinaAqi([
      { pollutant: "so2", averaging: "1h", value: 900 },
      { pollutant: "so2", averaging: "24h", value: 500 },
    ]);
    expect(r.aqi).toBe(154); // the 24-h IAQI: 150 + 50/325 × (500 − 475) = 153.85 → 154
    expect(r.subIndices.map((s) => s.averaging)).toEqual(["24h"]);
    expect(r.skipped).toHaveLength(1);
    const o3 = chinaAqi([
      { pollutant: "o3", averaging: "8h", value: 900 },
      { pollutant: "o3", averaging: "1h", value: 1100 },
    ]);
    expect(o3).toMatchObject({ aqi: 450, primary: [{ pollutant: "o3", averaging: "1h" }] }); // 400 + 100/200 × 100
    expect(chinaAqi([{ pollutant: "o3", averaging: "8h", value: 900 }]).skipped[0].reason).toMatch(/no such reading given/);
  });

  it("refuses two readings of one pollutant and period", () => {
    expect(() => chinaAqi([{ pollutant: "o3", averaging: "1h", value: 1 }, { pollutant: "o3", averaging: "1h", value: 2 }])).toThrow(/two readings/);
  });
});
