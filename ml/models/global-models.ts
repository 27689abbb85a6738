import type { ForecasterFactory } from "../types";

/**
 * Loads the global models (GBDT direct/recursive, ridge) written in ml/models/gbdt-forecaster.ts and
 * ml/models/ridge.ts. Loaded dynamically so that the rest of ml/ works (and type-checks) without
 * them; returns only the ones present.
 */
export async function loadGlobalModels(): Promise<Map<string, ForecasterFactory>> {
  const out = new Map<string, ForecasterFactory>();
  const gbdtPath = "./gbdt-forecaster";
  const ridgePath = "./ridge";
  try {
    const g = (await import(/* @vite-ignore */ gbdtPath)) as {
      createGbdtForecaster: (o: { strategy: "direct" | "recursive" }) => ReturnType<ForecasterFactory>;
    };
    out.set("gbdt-direct", () => g.createGbdtForecaster({ strategy: "direct" }));
    out.set("gbdt-recursive", () => g.createGbdtForecaster({ strategy: "recursive" }));
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
