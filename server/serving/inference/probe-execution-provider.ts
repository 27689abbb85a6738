/**
 * Finds out which execution provider sessions will actually get, by creating a session for a one-feature ridge
 * graph with the configured provider list (CUDA first where installed, else CPU).
 */
import { exportRidgeToOnnx } from "@/ml/onnx/export-ridge";
import { sha256Hex } from "@/server/serving/artifacts/verify-artifact";
import type { ExecutionProviderName } from "./execution-providers";
import { LoadedModel } from "./loaded-model";
import { silentLogger, type Logger } from "./logger";

export async function probeExecutionProvider(providers: ExecutionProviderName[], logger: Logger = silentLogger): Promise<ExecutionProviderName> {
  const { bytes, manifest } = exportRidgeToOnnx({ featureNames: ["x"], means: [0], stds: [1], weights: [2], intercept: 1 });
  const sha256 = sha256Hex(bytes);
  const model = await LoadedModel.create("probe", { sha256, bytes, manifest: { ...manifest, sha256, sizeBytes: bytes.byteLength } }, {
    executionProviders: providers,
    logger,
  });
  const out = await model.run({ dtype: "float64", data: Float64Array.from([3]), nRows: 1, nFeatures: 1 });
  model.retire();
  if (out.values[0] !== 7) throw new Error(`execution provider ${model.provider} computed 2·3+1 = ${out.values[0]}`);
  return model.provider;
}
