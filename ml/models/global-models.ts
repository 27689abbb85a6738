import type { ForecasterFactory } from "../types";
import { createGbdtForecaster } from "./gbdt-forecaster";
import { createRidgeForecaster } from "./ridge";

/** Settings of "gbdt-direct-fast" (chosen on training data only, see ml/README.md). */
export const FAST = { maxRows: 50_000, numTrees: 250, learningRate: 0.12 };

/**
 * The global models (one fit across all series): GBDT direct/recursive and ridge from
 * ml/models/gbdt-forecaster.ts and ml/models/ridge.ts, by registry name.
 * "gbdt-direct-fast" is a cheaper configuration for `auto`, which fits a candidate once per backtest
 * origin plus once for the final forecast: fewer rows, fewer and larger boosting steps.
 */
export async function loadGlobalModels(): Promise<Map<string, ForecasterFactory>> {
  return new Map<string, ForecasterFactory>([
    ["gbdt-direct", () => createGbdtForecaster({ strategy: "direct" })],
    ["gbdt-recursive", () => createGbdtForecaster({ strategy: "recursive" })],
    ["gbdt-direct-fast", () => createGbdtForecaster({ strategy: "direct", maxRows: FAST.maxRows, gbdt: { numTrees: FAST.numTrees, learningRate: FAST.learningRate } })],
    ["ridge", () => createRidgeForecaster()],
  ]);
}
