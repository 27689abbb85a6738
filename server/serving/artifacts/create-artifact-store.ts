import { LocalArtifactStore } from "./local-store";
import { S3ArtifactStore, type S3StoreOptions } from "./s3-store";
import type { ArtifactStore } from "./store";

export interface ArtifactStoreOptions {
  /** Local directory (default ".data/models"); used when `s3` is absent. */
  artifactDir?: string;
  /** When set, artifacts live in this S3-compatible bucket instead. */
  s3?: S3StoreOptions;
}

export const DEFAULT_ARTIFACT_DIR = ".data/models";

export function createArtifactStore(opts: ArtifactStoreOptions = {}): ArtifactStore {
  if (opts.s3) return new S3ArtifactStore(opts.s3);
  return new LocalArtifactStore(opts.artifactDir ?? DEFAULT_ARTIFACT_DIR);
}
