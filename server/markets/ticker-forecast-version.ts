/**
 * How a model version made by the forecast-tickers job is recognised: its algorithm starts with `markets:`.
 * Such a version has no artifact; its forecasts are stored by that job (server/markets/forecast-tickers.ts), not
 * recomputed by refresh-forecasts. No imports, so server/forecasts can read it without a cycle.
 */
export const TICKER_FORECAST_ALGORITHM_PREFIX = "markets:";

export function isTickerForecastVersion(version: { algorithm: string }): boolean {
  return version.algorithm.startsWith(TICKER_FORECAST_ALGORITHM_PREFIX);
}
