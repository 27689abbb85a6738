import type { FeatureRows } from "./feature-rows";
import type { ModelOutput } from "./loaded-model";

/** Where a model runs. The client picks one per request; both answer the same question the same way. */
export interface InferenceEngine {
  readonly kind: "in-process" | "sidecar";
  /** Runs the artifact with this SHA-256 on `rows`. */
  infer(sha256: string, rows: FeatureRows): Promise<ModelOutput>;
  close(): Promise<void>;
}
