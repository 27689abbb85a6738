/**
 * The metric names an air-quality asset's series carry, and which AQI input each one is: the pollutant,
 * the averaging period the AQI tables are defined on, and how the day's value was formed. One home for
 * these names: the demo data (server/seed/demo-datasets.ts) declares its series with them and
 * getCityAqi reads them.
 */
import type { AqiAveraging, AqiStandard, Pollutant } from "@/ml/aqi";

export interface AirMetric {
  metric: string;
  pollutant: Pollutant;
  averaging: AqiAveraging;
  /** `mean`: the 24-h mean; `max`: the day's largest 1-h value or 8-h running mean. */
  statistic: "mean" | "max";
  description: string;
}

export const AIR_METRICS: readonly AirMetric[] = [
  { metric: "pm25", pollutant: "pm25", averaging: "24h", statistic: "mean", description: "PM2.5, 24-h mean" },
  { metric: "pm10", pollutant: "pm10", averaging: "24h", statistic: "mean", description: "PM10, 24-h mean" },
  { metric: "so2", pollutant: "so2", averaging: "24h", statistic: "mean", description: "SO2, 24-h mean" },
  { metric: "no2", pollutant: "no2", averaging: "24h", statistic: "mean", description: "NO2, 24-h mean" },
  { metric: "co", pollutant: "co", averaging: "24h", statistic: "mean", description: "CO, 24-h mean" },
  { metric: "o3", pollutant: "o3", averaging: "24h", statistic: "mean", description: "O3, 24-h mean (no AQI table uses it)" },
  { metric: "o3_1h_max", pollutant: "o3", averaging: "1h", statistic: "max", description: "O3, daily maximum 1-h value" },
  { metric: "no2_1h_max", pollutant: "no2", averaging: "1h", statistic: "max", description: "NO2, daily maximum 1-h value" },
  { metric: "so2_1h_max", pollutant: "so2", averaging: "1h", statistic: "max", description: "SO2, daily maximum 1-h value" },
  { metric: "o3_8h_max", pollutant: "o3", averaging: "8h", statistic: "max", description: "O3, daily maximum 8-h running mean" },
  { metric: "co_8h_max", pollutant: "co", averaging: "8h", statistic: "max", description: "CO, daily maximum 8-h running mean" },
];

/** The weather columns shipped beside the pollutants (covariates for the city forecasts). */
export const WEATHER_METRICS = [
  { metric: "temp_c", unit: "°C" },
  { metric: "pres_hpa", unit: "hPa" },
  { metric: "dewp_c", unit: "°C" },
  { metric: "rain_mm", unit: "mm" },
  { metric: "wspm_mps", unit: "m/s" },
] as const;

/**
 * The series each standard's daily AQI is computed from. EPA: 24-h PM, the day's largest 8-h O3 (and 1-h O3,
 * counted when higher), 8-h CO, 1-h SO2 (the 24-h mean above 304 ppb) and 1-h NO2. China (HJ 633-2012 §5.1,
 * 日报): 24-h SO2, NO2, CO, PM10, PM2.5 and the day's largest 1-h and 8-h O3.
 */
export const DAILY_AQI_INPUTS: Record<AqiStandard, readonly string[]> = {
  epa: ["pm25", "pm10", "o3_8h_max", "o3_1h_max", "co_8h_max", "so2_1h_max", "so2", "no2_1h_max"],
  china: ["pm25", "pm10", "so2", "no2", "co", "o3_8h_max", "o3_1h_max"],
};
