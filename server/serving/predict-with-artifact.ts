/**
 * A forecast from a registered ONNX artifact: rebuild the feature rows of the last origin for steps 1..H with
 * the version's own feature spec (ml/features/build.ts writeRow), run the model through the inference client
 * (sidecar or in-process onnxruntime), undo the per-row normalisation, and add the version's conformal intervals.
 * This is the only way serving turns a version into numbers: no refitting at request or refresh time.
 */
import { viewOf, writeRow } from "@/ml/features/build";
import type { FeatureSpec } from "@/ml/features/spec";
import type { ForecastPoint, Series } from "@/ml/types";
import type { InferenceEngine } from "./inference/engine";
import { calibrationScale, type Calibration } from "@/ml/conformal/calibration";

export interface ArtifactForecastParams {
  sha256: string;
  spec: FeatureSpec;
  calibration: Calibration;
  /** Regular history ending at the forecast origin (at least historyNeeded(spec) points). */
  series: Series;
  horizon: number;
}

export interface ArtifactForecast {
  points: ForecastPoint[];
  levels: number[];
  originTs: Date;
  stepMs: number;
}

/** Any engine runs it: the app's inference client (sidecar or in-process), or one session (training's parity check). */
export async function predictWithArtifact(inference: Pick<InferenceEngine, "infer">, p: ArtifactForecastParams): Promise<ArtifactForecast> {
  const { spec, series } = p;
  const H = Math.min(p.horizon, spec.horizon);
  const F = spec.names.length;
  const view = viewOf(series, spec, 0);
  const t = series.values.length - 1;
  const X = new Float32Array(H * F);
  // Each row is normalised by its own level and scale (ml/features/build.ts): ŷ = level + output · scale.
  const levelOf = new Float64Array(H);
  const scaleOf = new Float64Array(H);
  const norm = new Float64Array(2);
  for (let h = 1; h <= H; h++) {
    writeRow(spec, view, t, h, X, (h - 1) * F, norm);
    levelOf[h - 1] = norm[0];
    scaleOf[h - 1] = norm[1];
  }
  const out = await inference.infer(p.sha256, { data: X, nRows: H });
  const col = Math.max(0, out.columns.indexOf("mean"));
  const stride = out.columns.length;
  const mean = new Float64Array(H);
  for (let h = 0; h < H; h++) mean[h] = levelOf[h] + out.values[h * stride + col] * scaleOf[h];
  return withCalibratedIntervals(mean, p.calibration, series);
}

/**
 * Forecast points from a mean path and a version's conformal calibration: at each step and level the bound is
 * mean ± half-width × the series' seasonal scale. The origin is the last point of `series`.
 */
export function withCalibratedIntervals(mean: Float64Array, calibration: Calibration, series: Series): ArtifactForecast {
  const H = mean.length;
  const t = series.values.length - 1;
  const seriesScale = calibrationScale(series.values, calibration.scaleSeasonLength);
  const levels = Object.keys(calibration.halfWidths).map(Number).sort((a, b) => a - b);
  const stepMs = series.stepMs!;
  const originMs = series.startMs! + t * stepMs;
  const points: ForecastPoint[] = [];
  for (let h = 0; h < H; h++) {
    const m = mean[h];
    const lower: Record<string, number> = {};
    const upper: Record<string, number> = {};
    for (const level of levels) {
      const widths = calibration.halfWidths[String(level)];
      const w = widths[Math.min(h, widths.length - 1)];
      // JSON turns an infinite half-width into null: leave that level unbounded rather than invent a number.
      if (w === null || !Number.isFinite(w)) continue;
      lower[String(level)] = m - w * seriesScale;
      upper[String(level)] = m + w * seriesScale;
    }
    points.push({ ts: new Date(originMs + (h + 1) * stepMs).toISOString(), mean: m, lower, upper });
  }
  return { points, levels, originTs: new Date(originMs), stepMs };
}
