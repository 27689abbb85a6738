/** No artifact with this SHA-256 in the store. */
export class ArtifactNotFoundError extends Error {
  readonly sha256: string;
  constructor(sha256: string, where: string) {
    super(`artifact ${sha256} not found in ${where}`);
    this.name = "ArtifactNotFoundError";
    this.sha256 = sha256;
  }
}

export type ArtifactIntegrityReason =
  | "invalid-sha"
  | "hash-mismatch"
  | "manifest-missing"
  | "manifest-invalid"
  | "signature-mismatch"
  | "onnx-invalid"
  | "state-invalid";

/** The stored bytes or manifest cannot be trusted; the artifact is refused at load. */
export class ArtifactIntegrityError extends Error {
  readonly sha256: string;
  readonly reason: ArtifactIntegrityReason;
  constructor(sha256: string, reason: ArtifactIntegrityReason, detail: string) {
    super(`artifact ${sha256} refused (${reason}): ${detail}`);
    this.name = "ArtifactIntegrityError";
    this.sha256 = sha256;
    this.reason = reason;
  }
}
