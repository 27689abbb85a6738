/**
 * US EPA AQI (TAD May 2024): truncate, find the band, interpolate, round to the nearest integer; the AQI
 * is the largest sub-index and the responsible pollutant is the one that gives it.
 */
import { InvalidInputError } from "../errors";
import { checkConcentration } from "./bands";
import { EPA_BREAKPOINTS, EPA_TRUNCATION_DECIMALS, EPA_UNITS } from "./epa-breakpoints";
import { epaLevel, type EpaLevel } from "./epa-categories";
import type { AqiAveraging, AqiReading, Band, AqiResult, Pollutant, SkippedReading, SubIndex } from "./types";

/**
 * Truncates (never rounds) to the pollutant's reporting precision. The tiny epsilon keeps binary
 * representation error from cutting a value such as 0.29 (stored 0.28999…) down a step.
 */
export function epaTruncate(pollutant: Pollutant, value: number): number {
  const f = 10 ** EPA_TRUNCATION_DECIMALS[pollutant];
  return Math.floor(value * f + 1e-9) / f;
}

/**
 * One pollutant's sub-index for one averaging period. Null when that period's table does not cover the
 * concentration (8-h O3 above 0.200 ppm, 1-h O3 below 0.125 ppm, 1-h SO2 above 304 ppb, 24-h SO2 below
 * 305 ppb). Above the top breakpoint the index is 500 with `beyondIndex` (EPA: "beyond the AQI").
 * Throws InvalidInputError for NaN, negative values, or a period the standard has no table for.
 */
export function epaSubIndex(pollutant: Pollutant, averaging: AqiAveraging, value: number): SubIndex | null {
  const bands = EPA_BREAKPOINTS[pollutant]?.[averaging];
  if (!bands) throw new InvalidInputError(`EPA AQI has no ${averaging} table for ${pollutant}`, { field: `${pollutant}.${averaging}` });
  checkConcentration(pollutant, averaging, value);
  const c = epaTruncate(pollutant, value);
  const top = bands[bands.length - 1];
  const base = { pollutant, averaging, concentration: c, unit: EPA_UNITS[pollutant] };
  if (c > top.cHi) {
    // A period that hands over to another table above its top is "not defined", not "beyond".
    if ((pollutant === "o3" && averaging === "8h") || (pollutant === "so2" && averaging === "1h")) return null;
    return { ...base, index: 500, beyondIndex: true };
  }
  const i = interpolateExact(bands, c, EPA_TRUNCATION_DECIMALS[pollutant]);
  return i === null ? null : { ...base, index: Math.round(i), beyondIndex: false };
}

/**
 * The AQI equation on concentrations scaled to integers of the truncation step, so the only rounding is one
 * division: TAD's own example, 8-h O3 0.078 ppm → 49 × 7 / 14 + 101 = 125.5 → 126, would come out 125.4999…
 * in plain floating point (0.078 − 0.071 ≠ 0.007).
 */
function interpolateExact(bands: readonly Band[], c: number, decimals: number): number | null {
  const f = 10 ** decimals;
  const n = (x: number) => Math.round(x * f);
  const scaled = bands.map((b) => ({ cLo: n(b.cLo), cHi: n(b.cHi), iLo: b.iLo, iHi: b.iHi }));
  const cs = n(c);
  for (const b of scaled) {
    if (cs <= b.cHi) {
      if (cs < b.cLo) return b === scaled[0] ? null : b.iLo;
      return ((b.iHi - b.iLo) * (cs - b.cLo)) / (b.cHi - b.cLo) + b.iLo;
    }
  }
  return null;
}

/**
 * The AQI of a set of readings (at most one per pollutant and period). The rules of TAD 2024 §IV:
 * - O3: the 8-h value is the index; a 1-h value, where given, counts when it is higher; above 0.200 ppm 8-h
 *   the 1-h value is needed.
 * - SO2: the 1-h value up to 304 ppb; above it the 24-h value (305 ppb and up); a 1-h value above 304 ppb with
 *   a 24-h value below 305 ppb is reported as 200.
 */
export function epaAqi(readings: readonly AqiReading[]): AqiResult<EpaLevel> {
  const seen = new Set<string>();
  for (const r of readings) {
    const key = `${r.pollutant}.${r.averaging}`;
    if (seen.has(key)) throw new InvalidInputError(`two readings for ${r.pollutant} ${r.averaging}`, { field: key });
    seen.add(key);
  }
  const subIndices: SubIndex[] = [];
  const skipped: SkippedReading[] = [];
  const so2h = readings.find((r) => r.pollutant === "so2" && r.averaging === "1h");
  const so2d = readings.find((r) => r.pollutant === "so2" && r.averaging === "24h");
  for (const r of readings) {
    if (r.pollutant === "so2") continue;
    const s = epaSubIndex(r.pollutant, r.averaging, r.value);
    if (s) subIndices.push(s);
    else {
      const why =
        r.pollutant === "o3" && r.averaging === "8h"
          ? "8-h O3 above 0.200 ppm does not define the AQI; the 1-h value does"
          : r.pollutant === "o3" && r.averaging === "1h"
            ? "1-h O3 below 0.125 ppm does not define the AQI; the 8-h value does"
            : "outside the table";
      skipped.push({ pollutant: r.pollutant, averaging: r.averaging, reason: why });
    }
  }
  if (so2h || so2d) {
    const hourly = so2h ? epaSubIndex("so2", "1h", so2h.value) : null;
    const daily = so2d ? epaSubIndex("so2", "24h", so2d.value) : null;
    if (hourly) subIndices.push(hourly);
    else if (so2h && daily) subIndices.push(daily);
    else if (so2h && so2d) subIndices.push({ pollutant: "so2", averaging: "1h", concentration: epaTruncate("so2", so2h.value), unit: "ppb", index: 200, beyondIndex: false });
    else if (so2h) skipped.push({ pollutant: "so2", averaging: "1h", reason: "1-h SO2 above 304 ppb does not define the AQI; the 24-h value does" });
    // A 24-h value alone counts only where it defines one (≥ 305 ppb); below, the 1-h table is the AQI's.
    if (!so2h && so2d) {
      if (daily) subIndices.push(daily);
      else skipped.push({ pollutant: "so2", averaging: "24h", reason: "24-h SO2 below 305 ppb does not define the AQI; the 1-h value does" });
    }
  }
  const aqi = subIndices.length ? Math.max(...subIndices.map((s) => s.index)) : null;
  const primary = aqi === null ? [] : subIndices.filter((s) => s.index === aqi).map(({ pollutant, averaging }) => ({ pollutant, averaging }));
  return {
    standard: "epa",
    aqi,
    beyondIndex: subIndices.some((s) => s.beyondIndex),
    level: aqi === null ? null : epaLevel(aqi),
    subIndices,
    primary,
    skipped,
  };
}
