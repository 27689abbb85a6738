export { exportGbdtToOnnx, defaultColumnName, type GbdtHead } from "./exportGbdt";
export { exportRidgeToOnnx, type RidgeExportInput } from "./exportRidge";
export { readSignature, type RecordedSignature } from "./readSignature";
export { OnnxExportError, OnnxReadError } from "./errors";
export * from "./signature";
