export { exportGbdtToOnnx, defaultColumnName, type GbdtHead } from "./export-gbdt";
export { exportRidgeToOnnx, ridgeExportInput, type RidgeExportInput, type RidgeModelLike } from "./export-ridge";
export { readSignature, type RecordedSignature } from "./read-signature";
export { readGbdtFromOnnx, type ReadGbdtHead } from "./read-gbdt";
export { OnnxExportError, OnnxReadError } from "./errors";
export * from "./signature";
