export * from "./auth";
export * from "./assets";
export * from "./audit";
