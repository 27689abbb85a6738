export * from "./manage-api-keys";
export * from "./verify-api-key";
export * from "./schemas";
export { parseKey } from "./key-format";
