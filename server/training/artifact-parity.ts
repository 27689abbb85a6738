/**
 * The export stage's parity check, CPU half: load the stored artifact in an onnxruntime session (the same
 * LoadedModel and predictWithArtifact code serving runs) and compare its forecast with the TypeScript model's.
 * It runs in a training worker: opening an ONNX session and running it are synchronous inside onnxruntime-node
 * (tens to hundreds of milliseconds for a large tree ensemble), which on the main thread would stall the web
 * server's event loop in embedded mode.
 */
import type { Series } from "@/ml/types";
import type { FeatureSpec } from "@/ml/features/spec";
import type { Calibration } from "@/ml/conformal/calibration";
import type { VerifiedArtifact } from "@/server/serving/artifacts/verify-artifact";
import { toFeatureMatrix } from "@/server/serving/inference/feature-rows";
import { LoadedModel } from "@/server/serving/inference/loaded-model";
import { predictWithArtifact } from "@/server/serving/predict-with-artifact";

export interface ArtifactParityParams {
  /** The artifact as read back from the store (hash and manifest verified there). */
  artifact: VerifiedArtifact;
  spec: FeatureSpec;
  calibration: Calibration;
  series: Series;
  horizon: number;
  /** The TypeScript model's mean forecast from the end of `series`. */
  referenceMean: Float64Array;
}

/** The largest relative difference, over the horizon, between the artifact's mean forecast and the reference. */
export async function artifactParity(p: ArtifactParityParams): Promise<number> {
  const model = await LoadedModel.create(p.artifact.sha256, p.artifact, { executionProviders: ["cpu"], intraOpThreads: 1 });
  try {
    const engine = { infer: (_sha256: string, rows: Parameters<typeof toFeatureMatrix>[0]) => model.run(toFeatureMatrix(rows, model.manifest.signature.input)) };
    const via = await predictWithArtifact(engine, { sha256: p.artifact.sha256, spec: p.spec, calibration: p.calibration, series: p.series, horizon: p.horizon });
    let maxRel = 0;
    via.points.forEach((point, h) => {
      const ref = p.referenceMean[h];
      maxRel = Math.max(maxRel, Math.abs(point.mean - ref) / Math.max(Math.abs(ref), 1e-9));
    });
    return maxRel;
  } finally {
    model.retire();
  }
}
