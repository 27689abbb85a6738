/**
 * EPA AQI against TAD May 2024 Table 6, written out here row by row (low and high edge of every band) rather
 * than read from the module's own table, so a typo in either shows.
 */
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors";
import { epaAqi, epaSubIndex, epaTruncate } from "./epa-aqi";
import type { AqiAveraging, Pollutant } from "./types";

const AQI = [[0, 50], [51, 100], [101, 150], [151, 200], [201, 300], [301, 500]];
// [pollutant, averaging, rows of [cLo, cHi]] with the AQI rows they map to (first AQI row index).
const TABLE: Array<[Pollutant, AqiAveraging, number[][], number]> = [
  ["pm25", "24h", [[0.0, 9.0], [9.1, 35.4], [35.5, 55.4], [55.5, 125.4], [125.5, 225.4], [225.5, 325.4]], 0],
  ["pm10", "24h", [[0, 54], [55, 154], [155, 254], [255, 354], [355, 424], [425, 604]], 0],
  ["o3", "8h", [[0.0, 0.054], [0.055, 0.07], [0.071, 0.085], [0.086, 0.105], [0.106, 0.2]], 0],
  ["o3", "1h", [[0.125, 0.164], [0.165, 0.204], [0.205, 0.404], [0.405, 0.604]], 2],
  ["co", "8h", [[0.0, 4.4], [4.5, 9.4], [9.5, 12.4], [12.5, 15.4], [15.5, 30.4], [30.5, 50.4]], 0],
  ["so2", "1h", [[0, 35], [36, 75], [76, 185], [186, 304]], 0],
  ["so2", "24h", [[305, 604], [605, 1004]], 4],
  ["no2", "1h", [[0, 53], [54, 100], [101, 360], [361, 649], [650, 1249], [1250, 2049]], 0],
];
const edges = TABLE.flatMap(([p, avg, rows, first]) =>
  rows.flatMap(([lo, hi], k) => [
    { p, avg, c: lo, aqi: AQI[first + k][0] },
    { p, avg, c: hi, aqi: AQI[first + k][1] },
  ]),
);

describe("epaSubIndex", () => {
  it.each(edges)("$p $avg $c → $aqi", ({ p, avg, c, aqi }) => {
    expect(epaSubIndex(p, avg, c)).toMatchObject({ index: aqi, beyondIndex: false, concentration: c });
  });

  it("interpolates inside a band and rounds to the nearest integer", () => {
    // TAD's example: 8-h O3 0.07853 ppm → 0.078 → 49/0.014 × 0.007 + 101 = 125.5 → 126.
    expect(epaSubIndex("o3", "8h", 0.07853)?.index).toBe(126);
    // PM2.5 20.0: 49/26.3 × 10.9 + 51 = 71.31 → 71.
    expect(epaSubIndex("pm25", "24h", 20)?.index).toBe(71);
    // The 2024 table, not the old one: 12.0 µg/m³ was AQI 50 before, now 49/26.3 × 2.9 + 51 = 56.4 → 56.
    expect(epaSubIndex("pm25", "24h", 12)?.index).toBe(56);
    // 100 µg/m³ was 174 on the old table (55.5–150.4); now 49/69.9 × 44.5 + 151 = 182.2 → 182.
    expect(epaSubIndex("pm25", "24h", 100)?.index).toBe(182);
  });

  it("truncates before the look-up", () => {
    expect(epaSubIndex("pm25", "24h", 9.09)?.index).toBe(50);
    expect(epaSubIndex("pm25", "24h", 35.49)).toMatchObject({ concentration: 35.4, index: 100 });
    expect(epaSubIndex("pm10", "24h", 54.99)).toMatchObject({ concentration: 54, index: 50 });
    expect(epaSubIndex("o3", "8h", 0.0549)).toMatchObject({ concentration: 0.054, index: 50 });
    expect(epaSubIndex("co", "8h", 4.49)).toMatchObject({ concentration: 4.4, index: 50 });
    expect(epaSubIndex("so2", "1h", 35.9)).toMatchObject({ concentration: 35, index: 50 });
    expect(epaSubIndex("no2", "1h", 53.999)).toMatchObject({ concentration: 53, index: 50 });
  });

  it("epaTruncate cuts, never rounds, and is not fooled by binary representation", () => {
    expect(epaTruncate("pm25", 35.45)).toBe(35.4);
    expect(epaTruncate("co", 0.29)).toBe(0.2); // not 0.2 from 0.28999…, and not 0.3
    expect(epaTruncate("co", 4.5)).toBe(4.5);
    expect(epaTruncate("o3", 0.07)).toBe(0.07);
    expect(epaTruncate("pm10", 154.9999)).toBe(154);
  });

  it("gives null where the period's table does not define the AQI", () => {
    expect(epaSubIndex("o3", "8h", 0.201)).toBeNull();
    expect(epaSubIndex("o3", "1h", 0.124)).toBeNull();
    expect(epaSubIndex("so2", "1h", 305)).toBeNull();
    expect(epaSubIndex("so2", "24h", 304)).toBeNull();
  });

  it("reports concentrations above the top breakpoint as 500, beyond the AQI", () => {
    expect(epaSubIndex("pm25", "24h", 325.5)).toMatchObject({ index: 500, beyondIndex: true });
    expect(epaSubIndex("pm10", "24h", 700)).toMatchObject({ index: 500, beyondIndex: true });
    expect(epaSubIndex("o3", "1h", 0.605)).toMatchObject({ index: 500, beyondIndex: true });
    expect(epaSubIndex("so2", "24h", 1005)).toMatchObject({ index: 500, beyondIndex: true });
  });

  it("refuses NaN, infinite and negative concentrations and periods without a table, naming them", () => {
    expect(() => epaSubIndex("pm25", "24h", NaN)).toThrow(InvalidInputError);
    expect(() => epaSubIndex("pm25", "24h", NaN)).toThrow(/pm25 24h.*finite/);
    expect(() => epaSubIndex("no2", "1h", Infinity)).toThrow(/finite/);
    expect(() => epaSubIndex("co", "8h", -0.1)).toThrow(/co 8h.*≥ 0/);
    expect(() => epaSubIndex("no2", "24h", 10)).toThrow(/no 24h table for no2/);
    try {
      epaSubIndex("pm10", "24h", -1);
    } catch (e) {
      expect((e as InvalidInputError).field).toBe("pm10.24h");
    }
  });
});

describe("epaAqi", () => {
  it("is the largest sub-index, with the pollutant responsible and the category level", () => {
    const r = epaAqi([
      { pollutant: "pm25", averaging: "24h", value: 40 },
      { pollutant: "o3", averaging: "8h", value: 0.06 },
      { pollutant: "no2", averaging: "1h", value: 30 },
    ]);
    expect(r.aqi).toBe(112); // 49/19.9 × 4.5 + 101 = 112.08
    expect(r.level).toBe(3);
    expect(r.primary).toEqual([{ pollutant: "pm25", averaging: "24h" }]);
    expect(r.subIndices.map((s) => s.index)).toEqual([112, 67, 28]);
  });

  it("lists every pollutant tied for the AQI", () => {
    const r = epaAqi([
      { pollutant: "pm25", averaging: "24h", value: 9 },
      { pollutant: "pm10", averaging: "24h", value: 54 },
    ]);
    expect(r.aqi).toBe(50);
    expect(r.primary.map((p) => p.pollutant)).toEqual(["pm25", "pm10"]);
  });

  it("O3: takes the higher of 8-h and 1-h, and needs the 1-h value above 0.200 ppm 8-h", () => {
    expect(epaAqi([{ pollutant: "o3", averaging: "8h", value: 0.08 }, { pollutant: "o3", averaging: "1h", value: 0.17 }]).aqi).toBe(157);
    expect(epaAqi([{ pollutant: "o3", averaging: "8h", value: 0.08 }, { pollutant: "o3", averaging: "1h", value: 0.1 }])).toMatchObject({ aqi: 133, skipped: [{ pollutant: "o3", averaging: "1h" }] });
    const high = epaAqi([{ pollutant: "o3", averaging: "8h", value: 0.25 }]);
    expect(high.aqi).toBeNull();
    expect(high.skipped[0].reason).toMatch(/1-h value/);
    expect(epaAqi([{ pollutant: "o3", averaging: "8h", value: 0.25 }, { pollutant: "o3", averaging: "1h", value: 0.41 }]).aqi).toBe(306); // 199/0.199 × 0.005 + 301
    // The standard's own step: above 0.200 ppm 8-h only the 1-h table counts, and it gives less for the same value.
    expect(epaAqi([{ pollutant: "o3", averaging: "8h", value: 0.201 }, { pollutant: "o3", averaging: "1h", value: 0.201 }]).aqi).toBe(196);
  });

  it("SO2: 1-h up to 304 ppb, the 24-h value above it, and 200 when the 24-h value is under 305", () => {
    expect(epaAqi([{ pollutant: "so2", averaging: "1h", value: 304 }]).aqi).toBe(200);
    expect(epaAqi([{ pollutant: "so2", averaging: "1h", value: 400 }, { pollutant: "so2", averaging: "24h", value: 305 }]).aqi).toBe(201);
    expect(epaAqi([{ pollutant: "so2", averaging: "1h", value: 400 }, { pollutant: "so2", averaging: "24h", value: 200 }]).aqi).toBe(200);
    expect(epaAqi([{ pollutant: "so2", averaging: "1h", value: 400 }])).toMatchObject({ aqi: null, skipped: [{ pollutant: "so2" }] });
    expect(epaAqi([{ pollutant: "so2", averaging: "24h", value: 700 }]).aqi).toBe(348); // 199/399 × 95 + 301 = 348.4
  });

  it("is null with no usable reading, and refuses two readings of one pollutant and period", () => {
    expect(epaAqi([])).toMatchObject({ aqi: null, level: null, primary: [] });
    expect(() => epaAqi([{ pollutant: "pm25", averaging: "24h", value: 1 }, { pollutant: "pm25", averaging: "24h", value: 2 }])).toThrow(/two readings for pm25 24h/);
  });
});
