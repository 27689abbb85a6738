/**
 * China's AQI (HJ 633-2012): an IAQI per pollutant and averaging period (eq. 1, rounded up to an integer,
 * §5.1: 全部进位取整数), AQI = max IAQI (eq. 2), the primary pollutant(s) 首要污染物 = those whose IAQI is
 * the AQI when AQI > 50, and 超标污染物 (exceeding) = IAQI > 100.
 */
import { InvalidInputError } from "../errors";
import { checkConcentration, interpolate } from "./bands";
import { CHINA_BREAKPOINTS, CHINA_UNITS } from "./china-breakpoints";
import { chinaLevel, type ChinaLevel } from "./china-categories";
import type { AqiAveraging, AqiReading, AqiResult, Pollutant, SkippedReading, SubIndex } from "./types";

/**
 * One IAQI. Null where the standard stops computing that period (1-h SO2 above 800 µg/m³, 8-h O3 above
 * 800 µg/m³: the other period's IAQI is reported). Above a table's top (IAQI 500) the index is 500 with
 * `beyondIndex`. Throws InvalidInputError for NaN, negative values, or a period without a table.
 */
export function chinaSubIndex(pollutant: Pollutant, averaging: AqiAveraging, value: number): SubIndex | null {
  const table = CHINA_BREAKPOINTS[pollutant][averaging];
  if (!table) throw new InvalidInputError(`HJ 633-2012 has no ${averaging} table for ${pollutant}`, { field: `${pollutant}.${averaging}` });
  checkConcentration(pollutant, averaging, value);
  const base = { pollutant, averaging, concentration: value, unit: CHINA_UNITS[pollutant] };
  const i = interpolate(table, value);
  if (i === null) {
    if ((pollutant === "so2" && averaging === "1h") || (pollutant === "o3" && averaging === "8h")) return null;
    return { ...base, index: 500, beyondIndex: true };
  }
  // Round up, but not past an exact integer the floating-point division lands a hair above (35 → 50, not 51).
  return { ...base, index: Math.max(0, Math.ceil(i - 1e-9)), beyondIndex: false };
}

export interface ChinaAqiResult extends AqiResult<ChinaLevel> {
  /** 超标污染物: IAQI > 100. */
  exceeding: Array<{ pollutant: Pollutant; averaging: AqiAveraging }>;
}

/**
 * The AQI of a set of readings (at most one per pollutant and period): a daily AQI from 24-h means, the
 * day's maximum 1-h O3 and maximum 8-h O3; an hourly one from 1-h values. 1-h SO2 above 800 µg/m³ falls back
 * to the 24-h SO2 reading, 8-h O3 above 800 µg/m³ to the 1-h O3 reading.
 */
export function chinaAqi(readings: readonly AqiReading[]): ChinaAqiResult {
  const seen = new Set<string>();
  for (const r of readings) {
    const key = `${r.pollutant}.${r.averaging}`;
    if (seen.has(key)) throw new InvalidInputError(`two readings for ${r.pollutant} ${r.averaging}`, { field: key });
    seen.add(key);
  }
  const subIndices: SubIndex[] = [];
  const skipped: SkippedReading[] = [];
  for (const r of readings) {
    const s = chinaSubIndex(r.pollutant, r.averaging, r.value);
    if (s) subIndices.push(s);
    else {
      const other = r.pollutant === "so2" ? "24h" : "1h";
      const has = readings.some((x) => x.pollutant === r.pollutant && x.averaging === other);
      skipped.push({
        pollutant: r.pollutant,
        averaging: r.averaging,
        reason: `${r.averaging} ${r.pollutant} above 800 µg/m³ has no IAQI; the ${other} IAQI is reported${has ? "" : " (no such reading given)"}`,
      });
    }
  }
  const aqi = subIndices.length ? Math.max(...subIndices.map((s) => s.index)) : null;
  const pick = (xs: SubIndex[]) => xs.map(({ pollutant, averaging }) => ({ pollutant, averaging }));
  return {
    standard: "china",
    aqi,
    beyondIndex: subIndices.some((s) => s.beyondIndex),
    level: aqi === null ? null : chinaLevel(aqi),
    subIndices,
    primary: aqi !== null && aqi > 50 ? pick(subIndices.filter((s) => s.index === aqi)) : [],
    exceeding: pick(subIndices.filter((s) => s.index > 100)),
    skipped,
  };
}
