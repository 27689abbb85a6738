import type { ModelManifest } from "@/ml/onnx/signature";
import type { StoredManifest } from "./manifest";
import type { VerifiedArtifact } from "./verify-artifact";

/**
 * Content-addressed model store: an artifact's id is the SHA-256 of its ONNX bytes. `get` verifies
 * (hash, manifest, signature) and throws ArtifactNotFoundError / ArtifactIntegrityError.
 */
export interface ArtifactStore {
  /** Human-readable location for logs and errors ("file:///…/.data/models", "s3://bucket/prefix"). */
  readonly location: string;
  put(bytes: Uint8Array, manifest: ModelManifest): Promise<StoredManifest>;
  get(sha256: string): Promise<VerifiedArtifact>;
  has(sha256: string): Promise<boolean>;
  list(): Promise<string[]>;
}
