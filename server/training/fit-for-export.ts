/**
 * The CPU part of the export stage: the final fit on the whole snapshot with the chosen configuration, its
 * ONNX export and the TypeScript model's own forecast (the parity reference). Pure (no database, no store),
 * so it runs in a training worker; export-model.ts stores the artifact, and checks parity in another worker
 * (artifact-parity.ts).
 */
import type { FeatureSpec } from "@/ml/features/spec";
import { createGbdtForecaster } from "@/ml/models/gbdt-forecaster";
import { exportGbdtToOnnx } from "@/ml/onnx";
import type { ExportedModel } from "@/ml/onnx/signature";
import type { Series } from "@/ml/types";
import { featureSpecHash, type TrainingCovariates } from "./features";
import { gbdtOptions, type SearchParams } from "./search";

export interface FinalFitParams {
  searchParams: SearchParams;
  horizon: number;
  seasonLengths: number[];
  seed: number;
  maxTrees: number;
  earlyStoppingRounds: number;
  maxRows: number;
  covariates?: TrainingCovariates;
  expectedSpecHash: string;
  onLoss?: (iteration: number, validLoss: number) => void;
}

export interface FinalFit {
  onnx: ExportedModel;
  spec: FeatureSpec;
  featureSpecHash: string;
  trees: number;
  /** The fitted model's mean forecast from the end of the series (what the artifact must reproduce). */
  referenceMean: Float64Array;
}

export async function fitForExport(series: Series, params: FinalFitParams): Promise<FinalFit> {
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
  const onnx = exportGbdtToOnnx([{ column: "mean", model: mean }]);
  const [reference] = await model.forecast(params.horizon, []);
  return { onnx, spec, featureSpecHash: hash, trees: mean.trees.length, referenceMean: reference.mean };
}
