/**
 * The one gate every artifact passes at load: the bytes hash to the requested SHA-256, the manifest exists and
 * parses, and the signature recorded inside the ONNX file equals the manifest's.
 */
import { createHash } from "node:crypto";
import { readSignature } from "@/ml/onnx/read-signature";
import { canonicalSignature } from "@/ml/onnx/signature";
import { ArtifactIntegrityError } from "./errors";
import { SHA256_PATTERN, storedManifestSchema, type StoredManifest } from "./manifest";

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function assertSha256(sha256: string): void {
  if (!SHA256_PATTERN.test(sha256)) {
    throw new ArtifactIntegrityError(sha256, "invalid-sha", "expected 64 lowercase hex characters");
  }
}

export interface VerifiedArtifact {
  sha256: string;
  bytes: Uint8Array;
  manifest: StoredManifest;
}

/** `manifestJson` is the stored manifest text, or null when the store has none. */
export function verifyArtifact(sha256: string, bytes: Uint8Array, manifestJson: string | null): VerifiedArtifact {
  assertSha256(sha256);
  const actual = sha256Hex(bytes);
  if (actual !== sha256) throw new ArtifactIntegrityError(sha256, "hash-mismatch", `stored bytes hash to ${actual}`);
  if (manifestJson === null) throw new ArtifactIntegrityError(sha256, "manifest-missing", "no manifest stored beside the model");
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifestJson);
  } catch {
    throw new ArtifactIntegrityError(sha256, "manifest-invalid", "manifest is not JSON");
  }
  const result = storedManifestSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ArtifactIntegrityError(sha256, "manifest-invalid", `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const manifest = result.data as StoredManifest;
  if (manifest.sha256 !== sha256) {
    throw new ArtifactIntegrityError(sha256, "hash-mismatch", `manifest names ${manifest.sha256}`);
  }
  if (manifest.sizeBytes !== bytes.byteLength) {
    throw new ArtifactIntegrityError(sha256, "hash-mismatch", `manifest says ${manifest.sizeBytes} bytes, got ${bytes.byteLength}`);
  }
  let recorded;
  try {
    recorded = readSignature(bytes);
  } catch (err) {
    throw new ArtifactIntegrityError(sha256, "onnx-invalid", (err as Error).message);
  }
  const inModel = canonicalSignature(recorded.signature);
  const inManifest = canonicalSignature(manifest.signature);
  if (inModel !== inManifest || recorded.kind !== manifest.kind) {
    throw new ArtifactIntegrityError(
      sha256,
      "signature-mismatch",
      `model records ${recorded.kind} ${inModel}, manifest says ${manifest.kind} ${inManifest}`,
    );
  }
  return { sha256, bytes, manifest };
}
