/**
 * The sidecar's HTTP contract, shared by the sidecar (which validates requests with these schemas) and the
 * client in this folder (which builds them), so the two cannot drift apart.
 */
import { z } from "zod";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "expected a lowercase hex SHA-256");
const modelId = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, "letters, digits, '.', '_' or '-' (at most 128)");

/** POST /v1/models: load an artifact from the sidecar's store (by sha256 or uri "sha256:<hex>") or upload it. */
export const loadModelRequestSchema = z
  .object({
    id: modelId.optional(),
    sha256: sha256.optional(),
    uri: z.string().regex(/^sha256:[0-9a-f]{64}$|^[a-z0-9]+:\/\/.*\/[0-9a-f]{64}\.onnx$/, "uri must be sha256:<hex> or a store URL ending in <sha256>.onnx").optional(),
    /**
     * Uploaded bytes must come with the SHA-256 the registry recorded for them (`upload.sha256`): the sidecar
     * refuses bytes that hash to anything else (422 hash-mismatch) before storing them or creating a session.
     */
    upload: z
      .object({ sha256, onnxBase64: z.string().min(1), manifest: z.record(z.string(), z.unknown()) })
      .optional(),
  })
  .refine((b) => [b.sha256, b.uri, b.upload].filter((x) => x !== undefined).length === 1, {
    message: "give exactly one of sha256, uri or upload",
  });
export type LoadModelRequest = z.infer<typeof loadModelRequestSchema>;

export function shaFromUri(uri: string): string {
  const m = /([0-9a-f]{64})(\.onnx)?$/.exec(uri);
  if (!m) throw new Error(`no sha256 in uri ${uri}`);
  return m[1];
}

export interface LoadModelResponse {
  id: string;
  sha256: string;
  kind: string;
  provider: string;
  featureNames: string[];
  columns: string[];
}

/** POST /v1/models/:id/infer. null = missing value (JSON has no NaN). */
export const inferRequestSchema = z.object({
  rows: z.array(z.array(z.number().nullable())).min(1),
});
export type InferRequest = z.infer<typeof inferRequestSchema>;

export interface InferResponse {
  id: string;
  columns: string[];
  /** [nRows][columns.length]; null where the model produced NaN. */
  outputs: (number | null)[][];
  provider: string;
}

/**
 * Binary form of POST /v1/models/:id/infer, used by the app's client (JSON costs more than the model on
 * 48 × 40 rows): body = row-major little-endian float64 [rows, features] with NaN for missing values,
 * content-type TENSOR_CONTENT_TYPE and header TENSOR_ROWS_HEADER. With `accept: TENSOR_CONTENT_TYPE` the
 * answer is float64 [rows, columns] with TENSOR_ROWS_HEADER and TENSOR_COLUMNS_HEADER (a JSON array).
 */
export const TENSOR_CONTENT_TYPE = "application/vnd.almanac.tensor+f64";
export const TENSOR_ROWS_HEADER = "x-tensor-rows";
export const TENSOR_COLUMNS_HEADER = "x-tensor-columns";

/** Errors are RFC 9457 problem details: the type and the URIs are in ../problem.ts (SIDECAR_PROBLEM_TYPES). */
