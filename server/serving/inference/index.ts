export { createInferenceClient, InferenceClient, type InferenceClientOptions, type InferenceResult, type InferenceClientStats, type FallbackReason } from "./inference-client";
export { InferenceInputError, SidecarRejectedError, SidecarUnavailableError } from "./errors";
export { parseExecutionProviders, type ExecutionProviderName } from "./execution-providers";
export type { FeatureRows } from "./feature-rows";
export type { ModelOutput } from "./loaded-model";
