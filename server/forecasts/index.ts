export { refreshForecast, latestStoredForecast } from "./refresh-forecast";
export { getModelForecast, getAssetForecast, invalidateModelForecast } from "./get-forecast";
export { forecastCacheKey } from "./cache-keys";
export type { ServedForecast } from "./served-forecast";
