export * from "./types";
export * from "./errors";
export { ensureModel, type EnsureModelParams } from "./ensure-model";
export { createVersion, type CreateVersionParams } from "./create-version";
export { completeVersion, type CompleteVersionParams } from "./complete-version";
export { failVersion } from "./fail-version";
export { promoteVersion, type PromoteVersionParams } from "./promote-version";
export { findRollbackTarget, rollbackModel, type RollbackTarget } from "./rollback-model";
export { getModel, getVersion, findChampion, listModels, listVersions } from "./queries";
