/**
 * US EPA AQI breakpoints: Technical Assistance Document for the Reporting of Daily Air Quality – the Air
 * Quality Index (AQI), EPA-454/B-24-002, May 2024, Table 6 (40 CFR Part 58 Appendix G as revised with the
 * 2024 PM NAAQS: the 24-h PM2.5 rows and one Hazardous row, 301–500, for every pollutant).
 * Units: PM µg/m³, O3 and CO ppm, SO2 and NO2 ppb.
 */
import type { AqiAveraging, Band, Pollutant } from "./types";

const rows = (cs: ReadonlyArray<readonly [number, number]>, is: ReadonlyArray<readonly [number, number]>): Band[] =>
  cs.map(([cLo, cHi], k) => ({ cLo, cHi, iLo: is[k][0], iHi: is[k][1] }));

const AQI = [
  [0, 50],
  [51, 100],
  [101, 150],
  [151, 200],
  [201, 300],
  [301, 500],
] as const;

export const EPA_UNITS: Record<Pollutant, string> = { pm25: "µg/m³", pm10: "µg/m³", o3: "ppm", co: "ppm", so2: "ppb", no2: "ppb" };

/** Tables by pollutant and averaging period; a missing entry means the standard defines none. */
export const EPA_BREAKPOINTS: Partial<Record<Pollutant, Partial<Record<AqiAveraging, Band[]>>>> = {
  pm25: { "24h": rows([[0.0, 9.0], [9.1, 35.4], [35.5, 55.4], [55.5, 125.4], [125.5, 225.4], [225.5, 325.4]], AQI) },
  pm10: { "24h": rows([[0, 54], [55, 154], [155, 254], [255, 354], [355, 424], [425, 604]], AQI) },
  o3: {
    // 8-h O3 does not define AQI ≥ 301 (above 0.200 ppm the 1-h value is used).
    "8h": rows([[0.0, 0.054], [0.055, 0.07], [0.071, 0.085], [0.086, 0.105], [0.106, 0.2]], AQI.slice(0, 5)),
    // 1-h O3 does not define AQI ≤ 100.
    "1h": rows([[0.125, 0.164], [0.165, 0.204], [0.205, 0.404], [0.405, 0.604]], AQI.slice(2)),
  },
  co: { "8h": rows([[0.0, 4.4], [4.5, 9.4], [9.5, 12.4], [12.5, 15.4], [15.5, 30.4], [30.5, 50.4]], AQI) },
  so2: {
    // 1-h SO2 does not define AQI ≥ 201: above 304 ppb the 24-h value is used.
    "1h": rows([[0, 35], [36, 75], [76, 185], [186, 304]], AQI.slice(0, 4)),
    "24h": rows([[305, 604], [605, 1004]], AQI.slice(4)),
  },
  no2: { "1h": rows([[0, 53], [54, 100], [101, 360], [361, 649], [650, 1249], [1250, 2049]], AQI) },
};

/**
 * Truncation before the table look-up (TAD 2024 §IV): O3 to 0.001 ppm, PM2.5 to 0.1 µg/m³, PM10 to 1 µg/m³,
 * CO to 0.1 ppm, SO2 and NO2 to 1 ppb — as decimal places.
 */
export const EPA_TRUNCATION_DECIMALS: Record<Pollutant, number> = { o3: 3, pm25: 1, pm10: 0, co: 1, so2: 0, no2: 0 };
