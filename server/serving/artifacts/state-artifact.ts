/**
 * State artifacts: a local model (ETS, ARIMA, Theta, combinations… — ml/models/local-state) stored as
 * versioned, schema-validated JSON in the same content-addressed store as the ONNX models. The id is the
 * SHA-256 of the JSON bytes; a manifest beside it records the format and the models inside; `verifyState`
 * is the one gate at load (hash, manifest, schema), as verify-artifact.ts is for ONNX.
 */
import { z } from "zod";
import type { LocalModelState } from "@/ml/models/local-state/local-state";
import { ArtifactIntegrityError } from "./errors";
import { assertSha256, sha256Hex } from "./verify-artifact";

/** The `format` of a state artifact and of its manifest. */
export const STATE_FORMAT = "almanac-state";

const num = z.number().finite();
/** A model state: the ETS and ARIMA bodies are checked field by field by ml's own fromJSON at forecast time. */
export const localModelStateSchema: z.ZodType<LocalModelState> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("ets"), fit: z.object({ kind: z.literal("ets"), version: z.literal(1) }).passthrough() }),
    z.object({ kind: z.literal("arima"), model: z.object({ kind: z.literal("arima"), version: z.literal(1) }).passthrough() }),
    z.object({ kind: z.literal("refit"), model: z.string().min(1) }),
    z.object({
      kind: z.literal("combination"),
      how: z.enum(["mean", "median"]),
      members: z.array(z.object({ name: z.string().min(1), state: localModelStateSchema })).min(1),
    }),
  ]),
) as z.ZodType<LocalModelState>;

export const stateArtifactSchema = z.object({
  format: z.literal("almanac-state"),
  version: z.literal(1),
  /** auto's pick ("ets", "median(ets,arima,theta)", …). */
  model: z.string().min(1),
  state: localModelStateSchema,
  /** Season lengths the state was fitted with (empty for short or intermittent series). */
  seasonLengths: z.array(z.number().int().positive()),
  horizon: z.number().int().positive(),
  stepMs: num.positive(),
  /** Timestamp (ms) of the last training observation: serving filters the observations after it. */
  trainedThroughMs: num,
  seed: z.number().int(),
});
export type StateArtifact = z.infer<typeof stateArtifactSchema>;

export const stateManifestSchema = z.object({
  format: z.literal("almanac-state"),
  manifestVersion: z.literal(1),
  kind: z.literal("local"),
  model: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().nonnegative(),
});
export type StoredStateManifest = z.infer<typeof stateManifestSchema>;

export interface VerifiedState {
  sha256: string;
  artifact: StateArtifact;
  manifest: StoredStateManifest;
}

/** The bytes and manifest to store for a state (validated first: the store never holds what it cannot load). */
export function encodeState(artifact: StateArtifact): { bytes: Uint8Array; manifest: StoredStateManifest } {
  const parsed = stateArtifactSchema.parse(artifact);
  const bytes = new TextEncoder().encode(JSON.stringify(parsed));
  const sha256 = sha256Hex(bytes);
  return { bytes, manifest: { format: STATE_FORMAT, manifestVersion: 1, kind: "local", model: parsed.model, sha256, sizeBytes: bytes.byteLength } };
}

function parseJson(sha256: string, text: string, what: string, reason: "manifest-invalid" | "state-invalid"): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ArtifactIntegrityError(sha256, reason, `${what} is not JSON`);
  }
}

function issueText(e: z.ZodError): string {
  const issue = e.issues[0];
  return `${issue.path.join(".") || "(root)"}: ${issue.message}`;
}

/** `manifestJson` is the stored manifest text, or null when the store has none. */
export function verifyState(sha256: string, bytes: Uint8Array, manifestJson: string | null): VerifiedState {
  assertSha256(sha256);
  const actual = sha256Hex(bytes);
  if (actual !== sha256) throw new ArtifactIntegrityError(sha256, "hash-mismatch", `stored bytes hash to ${actual}`);
  if (manifestJson === null) throw new ArtifactIntegrityError(sha256, "manifest-missing", "no manifest stored beside the state");
  const m = stateManifestSchema.safeParse(parseJson(sha256, manifestJson, "manifest", "manifest-invalid"));
  if (!m.success) throw new ArtifactIntegrityError(sha256, "manifest-invalid", issueText(m.error));
  if (m.data.sha256 !== sha256 || m.data.sizeBytes !== bytes.byteLength) {
    throw new ArtifactIntegrityError(sha256, "hash-mismatch", `manifest names ${m.data.sha256} (${m.data.sizeBytes} bytes)`);
  }
  const a = stateArtifactSchema.safeParse(parseJson(sha256, new TextDecoder().decode(bytes), "state", "state-invalid"));
  if (!a.success) throw new ArtifactIntegrityError(sha256, "state-invalid", issueText(a.error));
  if (a.data.model !== m.data.model) throw new ArtifactIntegrityError(sha256, "state-invalid", `state holds ${a.data.model}, manifest says ${m.data.model}`);
  return { sha256, artifact: a.data, manifest: m.data };
}
