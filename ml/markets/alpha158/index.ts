export * from "./alpha158";
export * from "./normalize";
