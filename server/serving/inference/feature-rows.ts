/**
 * Feature rows → the model's input tensor data. One function used by the in-process engine, the sidecar and the
 * client, so every path accepts and rejects the same inputs. Missing values are NaN (or null in JSON).
 */
import type { InputSignature, TensorDtype } from "@/ml/onnx/signature";
import { InferenceInputError } from "./errors";

/** Row-major rows ([nRows][nFeatures], null or NaN = missing) or an already flat row-major matrix. */
export type FeatureRows = readonly (readonly (number | null)[])[] | { data: ArrayLike<number>; nRows: number };

export interface FeatureMatrix {
  dtype: TensorDtype;
  data: Float32Array | Float64Array;
  nRows: number;
  nFeatures: number;
}

export function toFeatureMatrix(rows: FeatureRows, input: InputSignature): FeatureMatrix {
  const F = input.featureNames.length;
  const Arr = input.dtype === "float32" ? Float32Array : Float64Array;
  if (!Array.isArray(rows)) {
    const flat = rows as { data: ArrayLike<number>; nRows: number };
    if (!Number.isInteger(flat.nRows) || flat.nRows < 1) throw new InferenceInputError(`nRows must be a positive integer, got ${flat.nRows}`);
    if (flat.data.length !== flat.nRows * F) {
      throw new InferenceInputError(`flat data has ${flat.data.length} values, expected nRows × ${F} = ${flat.nRows * F}`);
    }
    for (let i = 0; i < flat.data.length; i++) {
      const v = flat.data[i];
      if (v === Infinity || v === -Infinity) {
        throw new InferenceInputError("value must be finite or NaN", { row: Math.floor(i / F), feature: input.featureNames[i % F] });
      }
    }
    const data = flat.data instanceof Arr ? flat.data : Arr.from(flat.data);
    return { dtype: input.dtype, data, nRows: flat.nRows, nFeatures: F };
  }
  const list = rows as readonly (readonly (number | null)[])[];
  if (list.length === 0) throw new InferenceInputError("at least one row is required");
  const data = new Arr(list.length * F);
  for (let r = 0; r < list.length; r++) {
    const row = list[r];
    if (!Array.isArray(row) || row.length !== F) {
      throw new InferenceInputError(`expected ${F} features (${input.featureNames.slice(0, 3).join(", ")}…), got ${Array.isArray(row) ? row.length : typeof row}`, { row: r });
    }
    for (let j = 0; j < F; j++) {
      const v = row[j];
      if (v === null) data[r * F + j] = NaN;
      else if (typeof v !== "number" || v === Infinity || v === -Infinity) {
        throw new InferenceInputError(`value must be a finite number, NaN or null, got ${String(v)}`, { row: r, feature: input.featureNames[j] });
      } else data[r * F + j] = v;
    }
  }
  return { dtype: input.dtype, data, nRows: list.length, nFeatures: F };
}
