export { refreshForecast } from "./refresh-forecast";
export { insertForecast, latestStoredForecast } from "./stored-forecasts";
export { readNewestObservations } from "./read-newest-observations";
export { getModelForecast, getAssetForecast, invalidateModelForecast } from "./get-forecast";
export { forecastCacheKey } from "./cache-keys";
export type { ServedForecast, ServedForecastView } from "./served-forecast";
