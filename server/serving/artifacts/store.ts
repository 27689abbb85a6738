import type { ModelManifest } from "@/ml/onnx/signature";
import type { StoredManifest } from "./manifest";
import type { StateArtifact, StoredStateManifest, VerifiedState } from "./state-artifact";
import type { VerifiedArtifact } from "./verify-artifact";

/**
 * Content-addressed model store: an artifact's id is the SHA-256 of its ONNX (or state JSON) bytes. `get` verifies
 * (hash, manifest, signature) and throws ArtifactNotFoundError / ArtifactIntegrityError.
 */
export interface ArtifactStore {
  /** Human-readable location for logs and errors ("file:///…/.data/models", "s3://bucket/prefix"). */
  readonly location: string;
  put(bytes: Uint8Array, manifest: ModelManifest): Promise<StoredManifest>;
  get(sha256: string): Promise<VerifiedArtifact>;
  has(sha256: string): Promise<boolean>;
  /** A local model's state (state-artifact.ts), stored and verified like an ONNX model. */
  putState(artifact: StateArtifact): Promise<StoredStateManifest>;
  getState(sha256: string): Promise<VerifiedState>;
  list(): Promise<string[]>;
}
