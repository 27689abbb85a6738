import { InvalidInputError } from "../errors";
import { createMstlForecaster } from "../models/augurs-models";
import { createSeasonalNaiveForecaster } from "../models/seasonal-naive";
import type { ForecasterFactory } from "../types";
import type { AutoOptions, Candidate, Combination } from "./auto";

/**
 * The default `auto` candidate set: seasonal naive and MSTL (local), plus every global model that is
 * available (GBDT direct in its fast configuration, ridge), plus mean combinations of the strongest pairs. AutoETS is not a
 * default candidate because augurs' ETS is non-seasonal and MSTL already uses it on the seasonally
 * adjusted series.
 */
export function defaultAutoOptions(globals: Map<string, ForecasterFactory>, windows = 2, only?: string[], workers = 1): AutoOptions {
  let candidates: Candidate[] = [
    { name: "seasonal-naive", factory: () => createSeasonalNaiveForecaster(), model: "seasonal-naive" },
    { name: "mstl", factory: () => createMstlForecaster(), model: "mstl" },
  ];
  // The fast GBDT configuration: auto fits it windows + 1 times.
  const gbdt = globals.has("gbdt-direct-fast") ? "gbdt-direct-fast" : "gbdt-direct";
  for (const name of [gbdt, "ridge"]) {
    const f = globals.get(name);
    if (f) candidates.push({ name, factory: f, model: name });
  }
  if (only) {
    for (const name of only) {
      if (!candidates.some((c) => c.name === name)) {
        throw new InvalidInputError(`auto candidate "${name}" is not available (have: ${candidates.map((c) => c.name).join(", ")})`, { field: "candidates" });
      }
    }
    candidates = candidates.filter((c) => only.includes(c.name));
  }
  const have = new Set(candidates.map((c) => c.name));
  const combinations: Combination[] = [];
  const pairs: [string, string][] = [
    ["mstl", gbdt],
    [gbdt, "ridge"],
    ["seasonal-naive", "mstl"],
    ["mstl", "ridge"],
  ];
  for (const [a, b] of pairs) if (have.has(a) && have.has(b)) combinations.push({ name: `mean(${a},${b})`, members: [a, b], how: "mean" });
  if (candidates.length >= 3) combinations.push({ name: "median(all)", members: candidates.map((c) => c.name), how: "median" });
  return { candidates, combinations, windows, select: "series", workers };
}
