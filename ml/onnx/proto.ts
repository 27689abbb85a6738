/**
 * Thin builders over the `onnx-proto` message classes (the ONNX protobuf schema compiled by protobufjs), so
 * exporters assemble graphs from typed objects and never write protobuf bytes by hand.
 */
import * as onnxProtoNs from "onnx-proto";

type OnnxNamespace = typeof onnxProtoNs.onnx;
// onnx-proto is CommonJS (`module.exports = root`); depending on the loader the namespace object is either the
// module itself or its `default` export.
const loaded = onnxProtoNs as unknown as { onnx?: OnnxNamespace; default?: { onnx: OnnxNamespace } };
export const onnx: OnnxNamespace = (loaded.onnx ?? loaded.default?.onnx) as OnnxNamespace;

export type NodeProto = onnxProtoNs.onnx.INodeProto;
export type AttributeProto = onnxProtoNs.onnx.IAttributeProto;
export type ValueInfoProto = onnxProtoNs.onnx.IValueInfoProto;
export type TensorProto = onnxProtoNs.onnx.ITensorProto;
export type ModelProto = onnxProtoNs.onnx.ModelProto;

const AT = () => onnx.AttributeProto.AttributeType;
const utf8 = new TextEncoder();

export const ELEM_TYPE = {
  float32: 1, // TensorProto.DataType.FLOAT
  float64: 11, // TensorProto.DataType.DOUBLE
  int64: 7,
} as const;

export function elemTypeOf(dtype: "float32" | "float64"): number {
  return ELEM_TYPE[dtype];
}

export const attr = {
  int: (name: string, i: number): AttributeProto => ({ name, type: AT().INT, i }),
  ints: (name: string, ints: ArrayLike<number>): AttributeProto => ({ name, type: AT().INTS, ints: Array.from(ints) }),
  floats: (name: string, floats: ArrayLike<number>): AttributeProto => ({
    name,
    type: AT().FLOATS,
    floats: Array.from(floats),
  }),
  string: (name: string, s: string): AttributeProto => ({ name, type: AT().STRING, s: utf8.encode(s) }),
  strings: (name: string, strings: string[]): AttributeProto => ({
    name,
    type: AT().STRINGS,
    strings: strings.map((s) => utf8.encode(s)),
  }),
  tensor: (name: string, t: TensorProto): AttributeProto => ({ name, type: AT().TENSOR, t }),
};

/** A 1-D or 2-D tensor constant stored as raw little-endian float64/float32 bytes. */
export function tensor(name: string, dtype: "float32" | "float64", dims: number[], values: ArrayLike<number>): TensorProto {
  const typed = dtype === "float64" ? Float64Array.from(values) : Float32Array.from(values);
  return {
    name,
    dataType: elemTypeOf(dtype),
    dims,
    // Typed arrays are little-endian on every platform onnxruntime ships for; ONNX raw_data is little-endian.
    rawData: new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength),
  };
}

/** A tensor value-info with a symbolic batch dimension named "N". */
export function valueInfo(name: string, dtype: "float32" | "float64", width: number): ValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType: elemTypeOf(dtype), shape: { dim: [{ dimParam: "N" }, { dimValue: width }] } } },
  };
}

export interface ModelSpec {
  graphName: string;
  nodes: NodeProto[];
  initializers?: TensorProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  opsets: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  metadata: Record<string, string>;
}

/** IR version 8 (ONNX 1.10) is what `onnx-proto` 8.x describes and every onnxruntime >= 1.10 loads. */
export const IR_VERSION = 8;

export function encodeModel(spec: ModelSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: spec.producerName,
    producerVersion: spec.producerVersion,
    docString: spec.docString ?? "",
    opsetImport: spec.opsets.map((o) => ({ domain: o.domain, version: o.version })),
    metadataProps: Object.entries(spec.metadata).map(([key, value]) => ({ key, value })),
    graph: {
      name: spec.graphName,
      node: spec.nodes,
      initializer: spec.initializers ?? [],
      input: spec.inputs,
      output: spec.outputs,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

export function decodeModel(bytes: Uint8Array): ModelProto {
  return onnx.ModelProto.decode(bytes);
}
