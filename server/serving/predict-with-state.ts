/**
 * A forecast from a registered state artifact (a local model `auto` chose: ETS, ARIMA, Theta, combinations…):
 * load and verify the state (cached per id: artifacts are immutable), filter the observations after the end of
 * training through it with the parameters fixed, forecast the mean, and add the version's calibrated intervals
 * exactly as an ONNX version's (withCalibratedIntervals). Pure TypeScript, in the app's process; no search.
 */
import type { Calibration } from "@/ml/conformal/calibration";
import { forecastLocalState } from "@/ml/models/local-state/local-state";
import type { Series } from "@/ml/types";
import type { ArtifactStore } from "./artifacts/store";
import { STATE_FORMAT, type StateArtifact } from "./artifacts/state-artifact";
import { LruCache } from "./inference/lru-cache";
import { withCalibratedIntervals, type ArtifactForecast } from "./predict-with-artifact";

export interface StateForecastParams {
  sha256: string;
  calibration: Calibration;
  /** Regular history ending at the forecast origin: at least the training length for refit models. */
  series: Series;
  horizon: number;
}

const loaded = new LruCache<StateArtifact>(64);

async function loadState(store: ArtifactStore, sha256: string): Promise<StateArtifact> {
  const hit = loaded.get(sha256);
  if (hit) return hit;
  const { artifact } = await store.getState(sha256);
  loaded.set(sha256, artifact);
  return artifact;
}

/** The observations of `series` after `trainedThroughMs` (NaN-led when the history starts later than that). */
export function valuesAfter(series: Series, trainedThroughMs: number): Float64Array {
  const stepMs = series.stepMs!;
  const startMs = series.startMs!;
  const n = series.values.length;
  // Index of the first step after the training end, on this series' grid.
  const first = Math.floor((trainedThroughMs - startMs) / stepMs + 1e-9) + 1;
  if (first >= n) return new Float64Array(0);
  if (first >= 0) return series.values.slice(first);
  const out = new Float64Array(n - first).fill(Number.NaN);
  out.set(series.values, -first);
  return out;
}

export async function predictWithState(store: ArtifactStore, p: StateForecastParams): Promise<ArtifactForecast> {
  const a = await loadState(store, p.sha256);
  const H = Math.min(p.horizon, a.horizon);
  const mean = await forecastLocalState(a.state, {
    history: p.series,
    newValues: valuesAfter(p.series, a.trainedThroughMs),
    horizon: H,
    ctx: { seasonLengths: a.seasonLengths, horizon: H, seed: a.seed },
  });
  return withCalibratedIntervals(mean, p.calibration, p.series);
}

/** True for a manifest format that is a state artifact's ("almanac-state"), false for an ONNX model's. */
export function isStateFormat(format: string | null | undefined): boolean {
  return format === STATE_FORMAT;
}

/** True for a version whose artifact is a state (its manifest says so), false for an ONNX model. */
export function servesFromState(version: { manifest: unknown }): boolean {
  return isStateFormat((version.manifest as { format?: string } | null)?.format);
}
