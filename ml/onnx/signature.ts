/**
 * What an exported model expects and returns. Recorded twice: inside the ONNX file (metadata_props) and
 * in the JSON manifest stored beside it, so a loader can refuse an artifact whose two copies disagree.
 */

/** Element type of the model's "input" tensor. GBDT uses float32 (the split semantics are float32 compares). */
export type TensorDtype = "float32" | "float64";

export type ExportedModelKind = "gbdt" | "ridge";

export interface InputSignature {
  /** Always "input": one tensor [N, F] with features in `featureNames` order; NaN marks a missing value. */
  name: "input";
  dtype: TensorDtype;
  featureNames: string[];
}

export interface OutputSignature {
  /** Graph output name. */
  name: string;
  dtype: TensorDtype;
  /** One name per output column, e.g. ["q0.1", "q0.5", "q0.9"] for three quantile heads. */
  columns: string[];
}

export interface ModelSignature {
  input: InputSignature;
  output: OutputSignature;
}

/** The library that wrote an artifact; bump `version` whenever the exported graph changes shape or semantics. */
export const PRODUCER = { name: "almanac-ml-onnx", version: "1.0.0" } as const;

/** Manifest produced by an exporter. The artifact store adds `sha256` and `sizeBytes` when it stores the bytes. */
export interface ModelManifest {
  format: "almanac-onnx";
  manifestVersion: 1;
  kind: ExportedModelKind;
  signature: ModelSignature;
  producer: { name: string; version: string };
  /** Operator sets the graph imports, e.g. [{ domain: "", version: 17 }, { domain: "ai.onnx.ml", version: 3 }]. */
  opsets: { domain: string; version: number }[];
  /** Free-form description of the source model (objective, number of trees, quantile levels...). */
  details: Record<string, string | number>;
}

/** metadata_props keys written into every exported ModelProto. */
export const METADATA_KEYS = {
  signature: "almanac.signature",
  producer: "almanac.producer",
  producerVersion: "almanac.producer_version",
  kind: "almanac.kind",
} as const;

export interface ExportedModel {
  /** Serialised ONNX ModelProto. */
  bytes: Uint8Array;
  manifest: ModelManifest;
}

/** Canonical JSON of a signature (key order fixed) so the two recorded copies can be compared as strings. */
export function canonicalSignature(sig: ModelSignature): string {
  return JSON.stringify({
    input: { name: sig.input.name, dtype: sig.input.dtype, featureNames: [...sig.input.featureNames] },
    output: { name: sig.output.name, dtype: sig.output.dtype, columns: [...sig.output.columns] },
  });
}

/**
 * The provenance every exporter records twice: in the ModelProto's metadata_props (travels with the bytes)
 * and in the manifest (read by the artifact store without parsing the model).
 */
export function provenance(
  kind: ExportedModelKind,
  signature: ModelSignature,
  opsets: readonly { domain: string; version: number }[],
  details: Record<string, string | number>,
): { metadata: Record<string, string>; manifest: ModelManifest } {
  return {
    metadata: {
      [METADATA_KEYS.signature]: canonicalSignature(signature),
      [METADATA_KEYS.producer]: PRODUCER.name,
      [METADATA_KEYS.producerVersion]: PRODUCER.version,
      [METADATA_KEYS.kind]: kind,
    },
    manifest: {
      format: "almanac-onnx",
      manifestVersion: 1,
      kind,
      signature,
      producer: { ...PRODUCER },
      opsets: opsets.map((o) => ({ ...o })),
      details,
    },
  };
}
