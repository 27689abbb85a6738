/**
 * Final fit on the whole snapshot with the chosen configuration and its ONNX export (fit-for-export.ts, in a
 * training worker), storage in the content-addressed artifact store, and a parity check: the stored
 * artifact, read back from the store and run by the session and feature code serving runs (in a worker,
 * artifact-parity.ts), must reproduce the TypeScript model's forecast.
 */
import type { Series } from "@/ml/types";
import type { FeatureSpec } from "@/ml/features/spec";
import type { ArtifactStore, StoredManifest } from "@/server/serving/artifacts";
import type { Calibration } from "../../ml/conformal/calibration";
import type { FinalFitParams } from "./fit-for-export";
import { runInWorker } from "./worker/run-in-worker";

export class ExportParityError extends Error {
  constructor(readonly maxRelativeError: number) {
    super(`exported ONNX model disagrees with the trained model (max relative error ${maxRelativeError.toExponential(2)})`);
    this.name = "ExportParityError";
  }
}

export interface ExportedVersion {
  sha256: string;
  uri: string;
  manifest: StoredManifest;
  featureSpec: FeatureSpec;
  featureSpecHash: string;
  trees: number;
  parityMaxRelativeError: number;
}

export async function fitAndExport(
  deps: { artifacts: ArtifactStore },
  series: Series,
  params: FinalFitParams & { calibration: Calibration },
): Promise<ExportedVersion> {
  const { calibration, ...fitParams } = params;
  // A model with future covariates forecasts only given their future values: the parity check (the TS model vs
  // the artifact, from the end of the series) uses the covariates' last `horizon` readings as that future.
  if (params.covariates?.future.length && series.covariates) {
    const H = params.horizon;
    series = { ...series, covariates: { ...series.covariates, future: series.covariates.past.map((p) => p.slice(p.length - H)) } };
  }
  // The fit and the ONNX serialisation are seconds of synchronous work: off the main thread (worker/).
  const fitted = await runInWorker("fitForExport", [series, fitParams]);
  const stored = await deps.artifacts.put(fitted.onnx.bytes, fitted.onnx.manifest);
  // Parity on the bytes as the store gives them back (hash and manifest verified), in a worker too: opening
  // and running an onnxruntime session is synchronous native work (artifact-parity.ts).
  const artifact = await deps.artifacts.get(stored.sha256);
  const maxRel = await runInWorker("artifactParity", [
    { artifact, spec: fitted.spec, calibration, series, horizon: params.horizon, referenceMean: fitted.referenceMean },
  ]);
  // float32 inputs and outputs: agreement to ~1e-5 relative is expected; 1e-3 means a real mismatch.
  if (!(maxRel < 1e-3)) throw new ExportParityError(maxRel);
  return {
    sha256: stored.sha256,
    uri: `${deps.artifacts.location}/${stored.sha256}`,
    manifest: stored,
    featureSpec: fitted.spec,
    featureSpecHash: fitted.featureSpecHash,
    trees: fitted.trees,
    parityMaxRelativeError: maxRel,
  };
}
