import { InvalidInputError } from "../errors";
import type { Forecaster, ForecasterFactory } from "../types";
import { createArimaForecaster } from "./arima";
import { createBoxCoxForecaster } from "./box-cox/box-cox-forecaster";
import { createAutoEtsForecaster, createMstlForecaster } from "./augurs-models";
import { createDriftForecaster } from "./drift";
import { createEnsembleForecaster } from "./ensemble";
import { createEtsForecaster } from "./ets";
import { createMovingAverageForecaster } from "./moving-average";
import { createNaiveForecaster } from "./naive";
import { createIntermittentForecaster } from "./intermittent";
import { createSeasonalNaiveForecaster } from "./seasonal-naive";
import { createThetaForecaster } from "./theta";

/**
 * Models by name, for the CLI, the bench and serving. Global models from ml/models/gbdt-forecaster.ts
 * and ml/models/ridge.ts are registered by `registerModel` (see ml/models/global-models.ts) so this
 * file has no hard dependency on them.
 */
const registry = new Map<string, ForecasterFactory>([
  ["naive", createNaiveForecaster],
  ["seasonal-naive", () => createSeasonalNaiveForecaster()],
  ["drift", createDriftForecaster],
  ["moving-average", () => createMovingAverageForecaster()],
  ["auto-ets", () => createAutoEtsForecaster()],
  ["mstl", () => createMstlForecaster()],
  ["ets", () => createEtsForecaster()],
  ["theta", () => createThetaForecaster()],
  ["otm", () => createThetaForecaster({ variant: "otm" })],
  ["dotm", () => createThetaForecaster({ variant: "dotm" })],
  ["arima", () => createArimaForecaster()],
  ["ets-boxcox", () => createBoxCoxForecaster("ets-boxcox", () => createEtsForecaster())],
  ["arima-boxcox", () => createBoxCoxForecaster("arima-boxcox", () => createArimaForecaster())],
  ["croston", () => createIntermittentForecaster({ method: "croston" })],
  ["sba", () => createIntermittentForecaster({ method: "sba" })],
  ["tsb", () => createIntermittentForecaster({ method: "tsb" })],
  ["ensemble", () => createEnsembleForecaster([() => createSeasonalNaiveForecaster(), () => createMstlForecaster()], "mean")],
]);

export function registerModel(name: string, factory: ForecasterFactory): void {
  registry.set(name, factory);
}

export function modelNames(): string[] {
  return [...registry.keys()];
}

export function getFactory(name: string): ForecasterFactory {
  const f = registry.get(name);
  if (!f) throw new InvalidInputError(`unknown model "${name}" (known: ${modelNames().join(", ")}, auto)`, { field: "models" });
  return f;
}

export function createModel(name: string): Forecaster {
  return getFactory(name)();
}
