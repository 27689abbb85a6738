export { createArtifactStore, DEFAULT_ARTIFACT_DIR, type ArtifactStoreOptions } from "./createArtifactStore";
export { LocalArtifactStore } from "./localStore";
export { S3ArtifactStore, type S3StoreOptions } from "./s3Store";
export { ArtifactIntegrityError, ArtifactNotFoundError, type ArtifactIntegrityReason } from "./errors";
export { verifyArtifact, sha256Hex, type VerifiedArtifact } from "./verifyArtifact";
export type { ArtifactStore } from "./store";
export type { StoredManifest } from "./manifest";
