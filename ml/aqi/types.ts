/** Shared vocabulary of the two AQI standards (US EPA, China HJ 633-2012). */

export const POLLUTANTS = ["pm25", "pm10", "o3", "co", "so2", "no2"] as const;
export type Pollutant = (typeof POLLUTANTS)[number];

/** The averaging period a concentration is for; each standard defines its tables on some of these. */
export const AQI_AVERAGINGS = ["1h", "8h", "24h"] as const;
export type AqiAveraging = (typeof AQI_AVERAGINGS)[number];

export const AQI_STANDARDS = ["epa", "china"] as const;
export type AqiStandard = (typeof AQI_STANDARDS)[number];

/** One row of a breakpoint table: concentrations cLo..cHi map linearly onto index iLo..iHi. */
export interface Band {
  cLo: number;
  cHi: number;
  iLo: number;
  iHi: number;
}

/** A concentration in the standard's own unit for that pollutant (see each standard's `UNITS`). */
export interface AqiReading {
  pollutant: Pollutant;
  averaging: AqiAveraging;
  value: number;
}

export interface SubIndex {
  pollutant: Pollutant;
  averaging: AqiAveraging;
  /** The concentration the index was computed from (EPA: after truncation). */
  concentration: number;
  unit: string;
  index: number;
  /** Above the table's top breakpoint: reported as 500 ("beyond the AQI", shown as 500+). */
  beyondIndex: boolean;
}

/** An averaging period whose table does not cover the concentration (e.g. EPA 8-h O3 above 0.200 ppm). */
export interface SkippedReading {
  pollutant: Pollutant;
  averaging: AqiAveraging;
  reason: string;
}

export interface AqiResult<Level extends number = number> {
  standard: AqiStandard;
  /** Null when no reading gave an index. */
  aqi: number | null;
  beyondIndex: boolean;
  /** Category level 1–6 (null with aqi). */
  level: Level | null;
  subIndices: SubIndex[];
  /**
   * The pollutant(s) whose sub-index equals the AQI: EPA's "responsible pollutant"; China's 首要污染物
   * (only when AQI > 50).
   */
  primary: Array<{ pollutant: Pollutant; averaging: AqiAveraging }>;
  skipped: SkippedReading[];
}
