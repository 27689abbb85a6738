export { createInferenceClient, InferenceClient, type InferenceClientOptions, type InferenceResult, type InferenceClientStats, type FallbackReason } from "./inferenceClient";
export { InferenceInputError, SidecarRejectedError, SidecarUnavailableError } from "./errors";
export { parseExecutionProviders, type ExecutionProviderName } from "./executionProviders";
export type { FeatureRows } from "./featureRows";
export type { ModelOutput } from "./loadedModel";
