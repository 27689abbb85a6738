/**
 * Final fit on the whole snapshot with the chosen configuration, ONNX export (ml/onnx), storage in the
 * content-addressed artifact store, and a parity check: the stored artifact, run through the inference
 * client exactly as serving will run it, must reproduce the TypeScript model's forecast.
 */
import { createGbdtForecaster } from "@/ml/models/gbdt-forecaster";
import { exportGbdtToOnnx } from "@/ml/onnx";
import type { Series } from "@/ml/types";
import type { ArtifactStore } from "@/server/artifacts";
import type { InferenceClient } from "@/server/inference";
import { predictWithArtifact } from "@/server/forecasts/predict-with-artifact";
import type { Calibration } from "./calibrate";
import { featureSpecHash } from "./features";
import { gbdtOptions, type SearchParams } from "./search";

export class ExportParityError extends Error {
  constructor(readonly maxRelativeError: number) {
    super(`exported ONNX model disagrees with the trained model (max relative error ${maxRelativeError.toExponential(2)})`);
    this.name = "ExportParityError";
  }
}

export interface ExportedVersion {
  sha256: string;
  uri: string;
  manifest: Record<string, unknown>;
  featureSpec: Record<string, unknown>;
  featureSpecHash: string;
  trees: number;
  parityMaxRelativeError: number;
}

export async function fitAndExport(
  deps: { artifacts: ArtifactStore; inference: InferenceClient },
  series: Series,
  params: {
    searchParams: SearchParams;
    horizon: number;
    seasonLengths: number[];
    seed: number;
    maxTrees: number;
    earlyStoppingRounds: number;
    maxRows: number;
    calibration: Calibration;
    expectedSpecHash: string;
    onLoss?: (iteration: number, validLoss: number) => void;
  },
): Promise<ExportedVersion> {
  const model = createGbdtForecaster({ ...gbdtOptions(params.searchParams, params), refit: true });
  await model.fit([series], {
    seasonLengths: params.seasonLengths,
    horizon: params.horizon,
    seed: params.seed,
    onProgress: (e) => {
      if (e.iteration !== undefined && e.validLoss !== undefined) params.onLoss?.(e.iteration, e.validLoss);
    },
  });
  const { spec, mean } = model.getModels();
  const hash = featureSpecHash(spec);
  if (hash !== params.expectedSpecHash) {
    throw new Error(`the fitted model used a different feature spec than the job recorded (${hash.slice(0, 12)} vs ${params.expectedSpecHash.slice(0, 12)})`);
  }
  const exported = exportGbdtToOnnx([{ column: "mean", model: mean }]);
  const stored = await deps.artifacts.put(exported.bytes, exported.manifest);

  const [reference] = await model.forecast(params.horizon, []);
  const viaArtifact = await predictWithArtifact(deps.inference, {
    sha256: stored.sha256,
    spec,
    calibration: params.calibration,
    series,
    horizon: params.horizon,
  });
  let maxRel = 0;
  viaArtifact.points.forEach((p, h) => {
    const ref = reference.mean[h];
    maxRel = Math.max(maxRel, Math.abs(p.mean - ref) / Math.max(Math.abs(ref), 1e-9));
  });
  // float32 inputs and outputs: agreement to ~1e-5 relative is expected; 1e-3 means a real mismatch.
  if (!(maxRel < 1e-3)) throw new ExportParityError(maxRel);
  return {
    sha256: stored.sha256,
    uri: `${deps.artifacts.location}/${stored.sha256}`,
    manifest: stored as unknown as Record<string, unknown>,
    featureSpec: spec as unknown as Record<string, unknown>,
    featureSpecHash: hash,
    trees: mean.trees.length,
    parityMaxRelativeError: maxRel,
  };
}
