export { exportGbdtToOnnx, defaultColumnName, type GbdtHead } from "./exportGbdt";
export { exportRidgeToOnnx, ridgeExportInput, type RidgeExportInput, type RidgeModelLike } from "./exportRidge";
export { readSignature, type RecordedSignature } from "./readSignature";
export { OnnxExportError, OnnxReadError } from "./errors";
export * from "./signature";
