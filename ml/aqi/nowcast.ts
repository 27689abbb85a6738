/**
 * EPA's NowCast for PM2.5 and PM10 (TAD May 2024 §IV, "How the NowCast is calculated"; AirNow's
 * completeness rule): the hourly AQI estimate from the last 12 hours.
 * 1. c_min and c_max over the valid hours of the 12; weight factor w = c_min / c_max (= 1 − range/c_max),
 *    and w = 0.5 when it is less.
 * 2. NowCast = Σ wⁱ cᵢ / Σ wⁱ over the valid hours, i = hours ago (0 for the current hour).
 * 3. Valid only when at least 2 of the 3 most recent hours have data. Raw hours go in; the result is
 *    truncated (PM2.5 to 0.1, PM10 to 1 µg/m³) before the 24-h PM table gives the AQI.
 */
import { InvalidInputError } from "../errors";
import { epaSubIndex, epaTruncate } from "./epa-aqi";
import type { SubIndex } from "./types";

export const NOWCAST_HOURS = 12;

/**
 * `hours[0]` is the most recent hour, `hours[11]` eleven hours before; NaN marks a missing hour. Only the
 * first 12 entries are read. Returns null when the completeness rule fails. Throws InvalidInputError on a
 * negative or infinite concentration.
 */
export function nowcast(pollutant: "pm25" | "pm10", hours: readonly number[]): number | null {
  const window = hours.slice(0, NOWCAST_HOURS);
  for (const [i, c] of window.entries()) {
    if (Number.isNaN(c)) continue;
    if (!Number.isFinite(c) || c < 0) throw new InvalidInputError(`${pollutant} hour ${i} must be a finite number ≥ 0 or NaN for missing, got ${c}`, { field: `hours[${i}]` });
  }
  const recent = window.slice(0, 3).filter((c) => !Number.isNaN(c)).length;
  if (recent < 2) return null;
  const valid = window.filter((c) => !Number.isNaN(c));
  const max = Math.max(...valid);
  const min = Math.min(...valid);
  // All hours zero: no change at all, w = 1 (the 12-h mean, 0).
  const w = max === 0 ? 1 : Math.max(min / max, 0.5);
  let num = 0;
  let den = 0;
  for (const [i, c] of window.entries()) {
    if (Number.isNaN(c)) continue;
    num += w ** i * c;
    den += w ** i;
  }
  return epaTruncate(pollutant, num / den);
}

/** The NowCast's AQI sub-index (24-h PM table), or null when the NowCast is not valid. */
export function nowcastSubIndex(pollutant: "pm25" | "pm10", hours: readonly number[]): SubIndex | null {
  const c = nowcast(pollutant, hours);
  return c === null ? null : epaSubIndex(pollutant, "24h", c);
}
