/** Cache keys of precomputed forecasts. Versioned so a change of the cached shape never reads old entries. */
export function forecastCacheKey(modelId: string): string {
  return `forecast:v1:model:${modelId}`;
}

/** Forecasts change only when a job writes new ones (which also rewrites the key); the TTL bounds staleness. */
export const FORECAST_CACHE_TTL_SECONDS = 3600;
