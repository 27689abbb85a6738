export { explainForecast, type ExplainForecastParams } from "./explain-forecast";
export { getVersionImportance, versionImportanceCacheKey } from "./version-importance";
export { loadExplainableTrees, type ExplainableTrees } from "./load-explainable-trees";
