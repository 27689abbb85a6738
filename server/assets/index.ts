export * from "./queries";
export * from "./list-asset-summaries";
export * from "./schemas";
