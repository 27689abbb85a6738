/**
 * China's IAQI breakpoints: HJ 633-2012 《环境空气质量指数（AQI）技术规定（试行）》 Table 1.
 * Units µg/m³, CO mg/m³. Bands share their edges (a concentration on an edge takes the lower band's IAQI).
 */
import type { AqiAveraging, Band, Pollutant } from "./types";

const IAQI = [0, 50, 100, 150, 200, 300, 400, 500];

const bands = (bp: readonly number[]): Band[] => bp.slice(1).map((cHi, k) => ({ cLo: bp[k], cHi, iLo: IAQI[k], iHi: IAQI[k + 1] }));

export const CHINA_UNITS: Record<Pollutant, string> = { pm25: "µg/m³", pm10: "µg/m³", o3: "µg/m³", co: "mg/m³", so2: "µg/m³", no2: "µg/m³" };

export const CHINA_BREAKPOINTS: Record<Pollutant, Partial<Record<AqiAveraging, Band[]>>> = {
  so2: {
    "24h": bands([0, 50, 150, 475, 800, 1600, 2100, 2620]),
    // Above 800 µg/m³ the 1-h SO2 IAQI is not computed; the 24-h one is reported (Table 1 note 3).
    "1h": bands([0, 150, 500, 650, 800]),
  },
  no2: {
    "24h": bands([0, 40, 80, 180, 280, 565, 750, 940]),
    "1h": bands([0, 100, 200, 700, 1200, 2340, 3090, 3840]),
  },
  pm10: { "24h": bands([0, 50, 150, 250, 350, 420, 500, 600]) },
  co: {
    "24h": bands([0, 2, 4, 14, 24, 36, 48, 60]),
    "1h": bands([0, 5, 10, 35, 60, 90, 120, 150]),
  },
  o3: {
    "1h": bands([0, 160, 200, 300, 400, 800, 1000, 1200]),
    // Above 800 µg/m³ the 8-h O3 IAQI is not computed; the 1-h one is reported (Table 1 note 5).
    "8h": bands([0, 100, 160, 215, 265, 800]),
  },
  pm25: { "24h": bands([0, 35, 75, 115, 150, 250, 350, 500]) },
};
