/**
 * Gas concentrations between mass (µg/m³) and mixing ratio (ppb) at 25 °C and 1 atm, where one mole of
 * ideal gas fills 24.45 L (the reference EPA's AQI and most agencies use): ppb = µg/m³ × 24.45 / M.
 * Molar masses in g/mol.
 */
import { InvalidInputError } from "../errors";
import type { Pollutant } from "./types";

export const MOLAR_VOLUME_25C_L = 24.45;
export const MOLAR_MASS_G_PER_MOL = { o3: 47.998, co: 28.01, so2: 64.066, no2: 46.0055 } as const;
export type Gas = keyof typeof MOLAR_MASS_G_PER_MOL;

export function isGas(p: Pollutant): p is Gas {
  return p in MOLAR_MASS_G_PER_MOL;
}

export function ugm3ToPpb(gas: Gas, ugm3: number): number {
  return (ugm3 * MOLAR_VOLUME_25C_L) / MOLAR_MASS_G_PER_MOL[gas];
}

export function ppbToUgm3(gas: Gas, ppb: number): number {
  return (ppb * MOLAR_MASS_G_PER_MOL[gas]) / MOLAR_VOLUME_25C_L;
}

/** Concentration units this module converts between (mass per volume, or mixing ratio for gases). */
export const CONCENTRATION_UNITS = ["µg/m³", "mg/m³", "ppb", "ppm"] as const;
export type ConcentrationUnit = (typeof CONCENTRATION_UNITS)[number];

/** Common spellings of the units above (ug/m3, μg/m³ with Greek mu, …) → the canonical one, or null. */
export function parseConcentrationUnit(unit: string): ConcentrationUnit | null {
  const u = unit.trim().toLowerCase().replace(/μ/g, "µ").replace(/³/g, "3").replace(/\s+/g, "");
  if (u === "µg/m3" || u === "ug/m3") return "µg/m³";
  if (u === "mg/m3") return "mg/m³";
  if (u === "ppb") return "ppb";
  if (u === "ppm") return "ppm";
  return null;
}

/**
 * Converts a concentration of `pollutant` between units. Mass ↔ mixing ratio only for gases (particles
 * have no mixing ratio). Throws InvalidInputError naming the unit otherwise.
 */
export function convertConcentration(pollutant: Pollutant, value: number, from: ConcentrationUnit, to: ConcentrationUnit): number {
  if (from === to) return value;
  const ugm3 = from === "µg/m³" ? value : from === "mg/m³" ? value * 1000 : fromMixing(pollutant, from === "ppm" ? value * 1000 : value, from);
  if (to === "µg/m³") return ugm3;
  if (to === "mg/m³") return ugm3 / 1000;
  const ppb = toMixing(pollutant, ugm3, to);
  return to === "ppm" ? ppb / 1000 : ppb;
}

function fromMixing(pollutant: Pollutant, ppb: number, unit: string): number {
  if (!isGas(pollutant)) throw new InvalidInputError(`${pollutant} is a particle mass; ${unit} does not apply`, { field: "unit" });
  return ppbToUgm3(pollutant, ppb);
}

function toMixing(pollutant: Pollutant, ugm3: number, unit: string): number {
  if (!isGas(pollutant)) throw new InvalidInputError(`${pollutant} is a particle mass; ${unit} does not apply`, { field: "unit" });
  return ugm3ToPpb(pollutant, ugm3);
}
