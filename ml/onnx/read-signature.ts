/**
 * Reads back what an exporter recorded in an ONNX file: the signature in metadata_props, the producer, and the
 * graph's actual input/output declarations, and refuses a file whose two descriptions disagree.
 */
import { OnnxReadError } from "./errors";
import { decodeModel, elemTypeOf } from "./proto";
import { canonicalSignature, METADATA_KEYS, type ExportedModelKind, type ModelSignature } from "./signature";

export interface RecordedSignature {
  signature: ModelSignature;
  producer: { name: string; version: string };
  kind: ExportedModelKind;
}

function dimsOf(v: { type?: { tensorType?: { shape?: { dim?: { dimValue?: unknown; dimParam?: string | null }[] | null } | null } | null } | null }) {
  return (v.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue ?? 0)));
}

export function readSignature(bytes: Uint8Array): RecordedSignature {
  let model;
  try {
    model = decodeModel(bytes);
  } catch (err) {
    throw new OnnxReadError(`not an ONNX model: ${(err as Error).message}`);
  }
  const meta = new Map((model.metadataProps ?? []).map((p) => [p.key ?? "", p.value ?? ""]));
  const raw = meta.get(METADATA_KEYS.signature);
  if (!raw) throw new OnnxReadError(`ONNX metadata_props has no "${METADATA_KEYS.signature}" entry`);
  let signature: ModelSignature;
  try {
    signature = JSON.parse(raw) as ModelSignature;
  } catch {
    throw new OnnxReadError(`ONNX metadata_props "${METADATA_KEYS.signature}" is not JSON`);
  }
  if (!signature?.input || !Array.isArray(signature.input.featureNames) || !signature.output) {
    throw new OnnxReadError(`ONNX metadata_props "${METADATA_KEYS.signature}" is not a signature`);
  }
  const graph = model.graph;
  const input = graph?.input?.find((i) => i.name === signature.input.name);
  const output = graph?.output?.find((o) => o.name === signature.output.name);
  if (!input || !output) throw new OnnxReadError("graph inputs/outputs do not match the recorded signature names");
  const inDims = dimsOf(input);
  if (input.type?.tensorType?.elemType !== elemTypeOf(signature.input.dtype) || inDims[1] !== signature.input.featureNames.length) {
    throw new OnnxReadError(
      `graph input "${input.name}" is [${inDims.join(", ")}] of element type ${input.type?.tensorType?.elemType}, ` +
        `the recorded signature says ${signature.input.dtype} with ${signature.input.featureNames.length} features`,
    );
  }
  const outDims = dimsOf(output);
  if (output.type?.tensorType?.elemType !== elemTypeOf(signature.output.dtype) || outDims[1] !== signature.output.columns.length) {
    throw new OnnxReadError(`graph output "${output.name}" does not match the recorded signature`);
  }
  const kind = meta.get(METADATA_KEYS.kind);
  if (kind !== "gbdt" && kind !== "ridge") throw new OnnxReadError(`unknown model kind "${kind}" in metadata_props`);
  return {
    signature: JSON.parse(canonicalSignature(signature)) as ModelSignature,
    producer: { name: meta.get(METADATA_KEYS.producer) ?? "", version: meta.get(METADATA_KEYS.producerVersion) ?? "" },
    kind,
  };
}
