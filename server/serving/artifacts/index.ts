export { createArtifactStore, DEFAULT_ARTIFACT_DIR, type ArtifactStoreOptions } from "./create-artifact-store";
export { LocalArtifactStore } from "./local-store";
export { S3ArtifactStore, type S3StoreOptions } from "./s3-store";
export { ArtifactIntegrityError, ArtifactNotFoundError, type ArtifactIntegrityReason } from "./errors";
export { verifyArtifact, sha256Hex, type VerifiedArtifact } from "./verify-artifact";
export type { ArtifactStore } from "./store";
export type { StoredManifest } from "./manifest";
export { stateArtifactSchema, verifyState, encodeState, type StateArtifact, type StoredStateManifest, type VerifiedState } from "./state-artifact";
