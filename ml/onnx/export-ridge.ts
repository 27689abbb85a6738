/**
 * Ridge → ONNX: y = intercept + Σ_j w_j · (x_j − mean_j) / std_j with a missing x_j (NaN) imputed by mean_j — the
 * prediction of ml/models/ridge.ts predictRidge. Graph: IsNaN → Where (impute) → Sub → Div → MatMul → Add, all in
 * float64, so the standardisation stays visible and the arithmetic is the TypeScript double arithmetic up to
 * summation order. Input "input" float64 [N, F], output "Y" float64 [N, 1]. Any per-row output scaling the
 * forecaster applies afterwards is not part of the model.
 */
import { OnnxExportError } from "./errors";
import { encodeModel, tensor, valueInfo } from "./proto";
import { PRODUCER, provenance, type ExportedModel, type ModelSignature } from "./signature";

/** What the exporter needs from a fitted ridge regression: weights act on standardised features. */
export interface RidgeExportInput {
  featureNames: string[];
  /** Per-feature mean subtracted before scaling. */
  means: ArrayLike<number>;
  /** Per-feature scale divided by after centring; must be > 0 (a constant feature should carry std 1). */
  stds: ArrayLike<number>;
  weights: ArrayLike<number>;
  intercept: number;
  /** Output column name; default "mean". */
  column?: string;
}

/** Fitted ridge as ml/models/ridge.ts RidgeModel holds it (matched structurally). */
export interface RidgeModelLike {
  mean: ArrayLike<number>;
  std: ArrayLike<number>;
  weights: ArrayLike<number>;
  intercept: number;
}

/** Adapts a fitted RidgeModel (one horizon step of the direct strategy, say) to the exporter's input. */
export function ridgeExportInput(model: RidgeModelLike, featureNames: string[], column?: string): RidgeExportInput {
  return { featureNames, means: model.mean, stds: model.std, weights: model.weights, intercept: model.intercept, column };
}

export const RIDGE_OPSETS = [{ domain: "", version: 17 }];

function validate(m: RidgeExportInput): void {
  const F = m.featureNames.length;
  if (F === 0) throw new OnnxExportError("ridge model has no features", "featureNames");
  for (const [field, arr] of [
    ["means", m.means],
    ["stds", m.stds],
    ["weights", m.weights],
  ] as const) {
    if (arr.length !== F) throw new OnnxExportError(`${field} has ${arr.length} entries for ${F} features`, field);
    for (let j = 0; j < F; j++) {
      if (!Number.isFinite(arr[j])) throw new OnnxExportError(`${field} must be finite`, `${field}[${j}] (${m.featureNames[j]})`);
    }
  }
  for (let j = 0; j < F; j++) {
    if (!(m.stds[j] > 0)) throw new OnnxExportError("std must be > 0", `stds[${j}] (${m.featureNames[j]})`);
  }
  if (!Number.isFinite(m.intercept)) throw new OnnxExportError("intercept must be finite", "intercept");
}

export function exportRidgeToOnnx(model: RidgeExportInput): ExportedModel {
  validate(model);
  const F = model.featureNames.length;
  const column = model.column ?? "mean";
  const signature: ModelSignature = {
    input: { name: "input", dtype: "float64", featureNames: [...model.featureNames] },
    output: { name: "Y", dtype: "float64", columns: [column] },
  };
  const { metadata, manifest } = provenance("ridge", signature, RIDGE_OPSETS, { features: F });
  const bytes = encodeModel({
    graphName: "almanac_ridge",
    nodes: [
      { name: "missing", opType: "IsNaN", input: ["input"], output: ["is_missing"] },
      { name: "impute", opType: "Where", input: ["is_missing", "means", "input"], output: ["imputed"] },
      { name: "centre", opType: "Sub", input: ["imputed", "means"], output: ["centred"] },
      { name: "scale", opType: "Div", input: ["centred", "stds"], output: ["standardised"] },
      { name: "project", opType: "MatMul", input: ["standardised", "weights"], output: ["projected"] },
      { name: "offset", opType: "Add", input: ["projected", "intercept"], output: ["Y"] },
    ],
    initializers: [
      tensor("means", "float64", [1, F], model.means),
      tensor("stds", "float64", [1, F], model.stds),
      tensor("weights", "float64", [F, 1], model.weights),
      tensor("intercept", "float64", [1], [model.intercept]),
    ],
    inputs: [valueInfo("input", "float64", F)],
    outputs: [valueInfo("Y", "float64", 1)],
    opsets: RIDGE_OPSETS,
    producerName: PRODUCER.name,
    producerVersion: PRODUCER.version,
    docString: "Almanac ridge regression on standardised features",
    metadata,
  });
  return { bytes, manifest };
}
