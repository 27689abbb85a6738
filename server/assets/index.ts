export * from "./queries";
export * from "./schemas";
