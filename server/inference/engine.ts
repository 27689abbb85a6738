import type { FeatureRows } from "./featureRows";
import type { ModelOutput } from "./loadedModel";

/** Where a model runs. The client picks one per request; both answer the same question the same way. */
export interface InferenceEngine {
  readonly kind: "in-process" | "sidecar";
  /** Runs the artifact with this SHA-256 on `rows`. */
  infer(sha256: string, rows: FeatureRows): Promise<ModelOutput>;
  close(): Promise<void>;
}
