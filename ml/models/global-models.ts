import type { ForecasterFactory } from "../types";

/**
 * Loads the global models (GBDT direct/recursive, ridge) written in ml/models/gbdt-forecaster.ts and
 * ml/models/ridge.ts. Loaded dynamically so that the rest of ml/ works (and type-checks) without
 * them; returns only the ones present.
 */
/** Settings of "gbdt-direct-fast" (tuned on training data only, see ml/README.md). */
export const FAST = { maxRows: 50_000, numTrees: 250, learningRate: 0.12 };

export async function loadGlobalModels(): Promise<Map<string, ForecasterFactory>> {
  const out = new Map<string, ForecasterFactory>();
  const gbdtPath = "./gbdt-forecaster";
  const ridgePath = "./ridge";
  try {
    const g = (await import(/* @vite-ignore */ gbdtPath)) as {
      createGbdtForecaster: (o: {
        strategy: "direct" | "recursive";
        maxRows?: number;
        gbdt?: { numTrees?: number; learningRate?: number };
      }) => ReturnType<ForecasterFactory>;
    };
    out.set("gbdt-direct", () => g.createGbdtForecaster({ strategy: "direct" }));
    out.set("gbdt-recursive", () => g.createGbdtForecaster({ strategy: "recursive" }));
    // Cheaper configuration for auto, which fits once per backtest origin plus once for the final
    // forecast: fewer rows, fewer and larger boosting steps.
    out.set("gbdt-direct-fast", () =>
      g.createGbdtForecaster({ strategy: "direct", maxRows: FAST.maxRows, gbdt: { numTrees: FAST.numTrees, learningRate: FAST.learningRate } }),
    );
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
  try {
    const r = (await import(/* @vite-ignore */ ridgePath)) as { createRidgeForecaster: () => ReturnType<ForecasterFactory> };
    out.set("ridge", () => r.createRidgeForecaster());
  } catch (e) {
    if (!isMissing(e)) throw e;
  }
  return out;
}

function isMissing(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND" || /Cannot find module|Failed to load/.test(String(e));
}
