export * from "./auth";
export * from "./assets";
export * from "./audit";
export * from "./registry";
export * from "./jobs";
export * from "./anomalies";
export * from "./json-columns";
export * from "./alerts";
