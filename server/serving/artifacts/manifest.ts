/** The JSON manifest stored beside each artifact: the exporter's manifest plus the content hash and size. */
import { z } from "zod";
import type { ModelManifest } from "@/ml/onnx/signature";

const dtype = z.enum(["float32", "float64"]);

export const storedManifestSchema = z.object({
  format: z.literal("almanac-onnx"),
  manifestVersion: z.literal(1),
  kind: z.enum(["gbdt", "ridge"]),
  signature: z.object({
    input: z.object({ name: z.literal("input"), dtype, featureNames: z.array(z.string()).min(1) }),
    output: z.object({ name: z.string().min(1), dtype, columns: z.array(z.string()).min(1) }),
  }),
  producer: z.object({ name: z.string(), version: z.string() }),
  opsets: z.array(z.object({ domain: z.string(), version: z.number().int() })),
  details: z.record(z.string(), z.union([z.string(), z.number()])),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().nonnegative(),
});

export type StoredManifest = ModelManifest & { sha256: string; sizeBytes: number };

export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
