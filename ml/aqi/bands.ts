/** Band lookup and the piecewise-linear AQI equation both standards share. */
import { InvalidInputError } from "../errors";
import type { AqiAveraging, Band, Pollutant } from "./types";

/**
 * I = (IHi − ILo) / (BPHi − BPLo) · (C − BPLo) + ILo, unrounded (EPA TAD 2024 §IV; HJ 633-2012 eq. 1).
 * `c` is taken in the first band whose top is ≥ c. EPA's bands have gaps one truncation step wide
 * (9.0 | 9.1), which a truncated concentration never falls into; China's bands share their edges, and an
 * edge belongs to the lower band (35 µg/m³ PM2.5 is IAQI 50).
 * Returns null above the last band's top (the caller decides what "beyond" means).
 */
export function interpolate(bands: readonly Band[], c: number): number | null {
  for (const b of bands) {
    if (c <= b.cHi) {
      if (c < b.cLo) return b === bands[0] ? null : b.iLo; // only in a gap (untruncated input): the band's floor
      return ((b.iHi - b.iLo) / (b.cHi - b.cLo)) * (c - b.cLo) + b.iLo;
    }
  }
  return null;
}

/** A concentration must be a finite number ≥ 0; anything else is a caller's error naming the reading. */
export function checkConcentration(pollutant: Pollutant, averaging: AqiAveraging, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new InvalidInputError(`${pollutant} ${averaging} concentration must be a finite number, got ${String(value)}`, { field: `${pollutant}.${averaging}` });
  }
  if (value < 0) {
    throw new InvalidInputError(`${pollutant} ${averaging} concentration must be ≥ 0, got ${value}`, { field: `${pollutant}.${averaging}` });
  }
}
