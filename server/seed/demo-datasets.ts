/** The shipped demo data (data/demo/, provenance in data/demo/README.md) and how each file maps to series. */
import type { CreateAssetParams } from "@/server/assets/schemas";
import type { CsvImportOptions } from "@/server/ingest/schemas";
import { AIR_METRICS, WEATHER_METRICS } from "@/server/air/air-metrics";

export interface DemoDataset {
  asset: CreateAssetParams & { slug: string };
  file: string;
  options: CsvImportOptions;
}

export const DEMO_DATASETS: DemoDataset[] = [
  {
    asset: {
      slug: "ew-demand",
      name: "England & Wales electricity demand",
      kind: "meter",
      timezone: "Europe/London",
      metadata: { source: "Taylor (2003), R package forecast `taylor`", note: "timestamps assigned from the start date" },
    },
    file: "taylor-england-wales-demand-half-hourly.csv",
    options: { metrics: [{ column: "demand_mw", metric: "demand_mw", unit: "MW" }] },
  },
  {
    asset: { slug: "ttrc", name: "TTRC daily prices", kind: "ticker", timezone: "America/New_York", metadata: { source: "R package TTR `ttrc`" } },
    file: "ttrc-daily-ohlcv.csv",
    options: {
      timestampColumn: "date",
      metrics: [
        { column: "open", unit: "USD" },
        { column: "high", unit: "USD" },
        { column: "low", unit: "USD" },
        { column: "close", unit: "USD" },
        { column: "volume", unit: "shares" },
      ],
    },
  },
  {
    asset: {
      slug: "new-york",
      name: "New York",
      kind: "city",
      timezone: "America/New_York",
      lat: 40.7128,
      lon: -74.006,
      metadata: { source: "R datasets `airquality` (NY State DEC, US NWS), May–Sep 1973" },
    },
    file: "nyc-ozone-weather-1973-daily.csv",
    options: {
      timestampColumn: "date",
      metrics: [
        { column: "ozone_ppb", metric: "ozone_ppb", unit: "ppb" },
        { column: "solar_radiation_langleys", metric: "solar_radiation", unit: "langleys" },
        { column: "wind_mph", metric: "wind_mph", unit: "mph" },
        { column: "temp_f", metric: "temp_f", unit: "°F" },
      ],
    },
  },
  {
    asset: {
      slug: "seattle",
      name: "Seattle",
      kind: "city",
      timezone: "America/Los_Angeles",
      lat: 47.6062,
      lon: -122.3321,
      metadata: { source: "vega-datasets seattle-weather (NOAA), 2012–2015" },
    },
    file: "seattle-weather-daily.csv",
    options: {
      timestampColumn: "date",
      metrics: [
        { column: "precipitation", metric: "precipitation_mm", unit: "mm" },
        { column: "temp_max", metric: "temp_max_c", unit: "°C" },
        { column: "temp_min", metric: "temp_min_c", unit: "°C" },
        { column: "wind", metric: "wind_mps", unit: "m/s" },
      ],
    },
  },
  ...beijingSites(),
  ...largeCaps(),
];

/** Seven US large caps, daily OHLCV 2013–2022 (Yahoo Finance prices): a cross-section for the markets views. */
function largeCaps(): DemoDataset[] {
  const names: Record<string, string> = { AAPL: "Apple", AMZN: "Amazon", GOOGL: "Alphabet (class A)", META: "Meta Platforms", MSFT: "Microsoft", NVDA: "NVIDIA", TSLA: "Tesla" };
  return Object.entries(names).map(([ticker, name]) => ({
    asset: { slug: ticker.toLowerCase(), name: `${name} (${ticker})`, kind: "ticker" as const, timezone: "America/New_York", metadata: { source: "Yahoo Finance daily prices", ticker, exchange: "NASDAQ" } },
    file: `${ticker.toLowerCase()}-daily-2013-2022.csv`,
    options: {
      timestampColumn: "Date",
      metrics: [
        { column: "Open", metric: "open", unit: "USD" },
        { column: "High", metric: "high", unit: "USD" },
        { column: "Low", metric: "low", unit: "USD" },
        { column: "Close", metric: "close", unit: "USD" },
        { column: "Volume", metric: "volume", unit: "shares" },
      ],
    },
  }));
}

/**
 * The twelve Beijing monitoring sites (UCI Beijing Multi-Site Air-Quality Data, CC BY 4.0), daily values made
 * by scripts/make-beijing-demo.ts from the hourly files. Each site is a "city" so the AQI card and the city
 * views have twelve to show. The source gives no coordinates, so lat/lon are left out.
 */
function beijingSites(): DemoDataset[] {
  const sites = ["Aotizhongxin", "Changping", "Dingling", "Dongsi", "Guanyuan", "Gucheng", "Huairou", "Nongzhanguan", "Shunyi", "Tiantan", "Wanliu", "Wanshouxigong"];
  const metrics = [...AIR_METRICS.map((m) => ({ column: m.metric, metric: m.metric, unit: "µg/m³" })), ...WEATHER_METRICS.map((m) => ({ column: m.metric, metric: m.metric, unit: m.unit }))];
  return sites.map((site) => ({
    asset: {
      slug: `beijing-${site.toLowerCase()}`,
      name: `Beijing ${site}`,
      kind: "city" as const,
      timezone: "Asia/Shanghai",
      metadata: { source: "Beijing Multi-Site Air-Quality Data, UCI (CC BY 4.0); Zhang et al. (2017), Proc. R. Soc. A 473: 20170457", site },
    },
    file: `beijing-${site.toLowerCase()}-daily.csv`,
    options: { timestampColumn: "date", metrics },
  }));
}
