/** Schemas of the markets domain: a ticker's daily bars with the technical indicators quants read beside them. */
import { z } from "zod";

export const tickerIndicatorsInputSchema = z.object({
  assetId: z.uuid(),
  /** Bars at or after / before or at (default: the last 250 bars). */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});
export type TickerIndicatorsInput = z.infer<typeof tickerIndicatorsInputSchema>;

const n = z.number().nullable();

export const indicatorBarSchema = z.object({
  ts: z.date(),
  open: n,
  high: n,
  low: n,
  close: z.number(),
  volume: n,
  sma20: n,
  sma50: n,
  ema20: n,
  bbDn: n,
  bbMavg: n,
  bbUp: n,
  rsi14: n,
  macd: n,
  macdSignal: n,
  atr14: n,
  adx14: n,
  obv: n,
});
export type IndicatorBar = z.infer<typeof indicatorBarSchema>;

export const tickerIndicatorsOutputSchema = z.object({
  /** Whether high and low were found (HLC indicators need them; else they are null). */
  hasRange: z.boolean(),
  hasVolume: z.boolean(),
  totalBars: z.number().int(),
  bars: z.array(indicatorBarSchema),
});
export type TickerIndicators = z.infer<typeof tickerIndicatorsOutputSchema>;

export const tickerBarsInputSchema = z.object({
  assetId: z.uuid(),
  /** The newest N bars (default 250). */
  limit: z.number().int().min(1).max(5000).default(250),
});
export type TickerBarsInput = z.input<typeof tickerBarsInputSchema>;

/** One daily bar: OHLC always (only timestamps with all four are bars), volume when the asset has it. */
export const tickerBarSchema = z.object({
  ts: z.date(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number().nullable(),
});
export type TickerBar = z.infer<typeof tickerBarSchema>;

export const tickerBarsOutputSchema = z.object({
  /** Bars with all of open, high, low and close, over the whole history. */
  totalBars: z.number().int(),
  hasVolume: z.boolean(),
  /** The newest `limit` bars, oldest first. */
  bars: z.array(tickerBarSchema),
});
export type TickerBars = z.infer<typeof tickerBarsOutputSchema>;

export const tickerTrendInputSchema = z.object({
  assetId: z.uuid(),
  /** θ in percent of the close the forecast starts from. */
  thresholdPct: z.number().min(0).max(50).default(1),
  /** The forecast step called (the last when the forecast is shorter). */
  step: z.number().int().min(1).max(365).default(5),
});
export type TickerTrendInput = z.input<typeof tickerTrendInputSchema>;

export const tickerTrendSchema = z.object({
  call: z.enum(["up", "down", "sideways"]),
  pUp: z.number(),
  pDown: z.number(),
  pSideways: z.number(),
  thresholdPct: z.number(),
  /** θ in price units. */
  threshold: z.number(),
  horizonSteps: z.number().int(),
  /** The interval level σ was read from (95, else 80). */
  level: z.number(),
  mean: z.number(),
  sigma: z.number(),
  /** The close at the forecast's origin, and its bar. */
  lastClose: z.number(),
  lastCloseTs: z.date(),
  expectedReturn: z.number(),
  /** The forecast called: its version and the time of its step. */
  versionId: z.uuid(),
  stepTs: z.string(),
});
/** Null when the ticker's close has no served forecast yet. */
export const tickerTrendOutputSchema = tickerTrendSchema.nullable();
export type TickerTrend = z.infer<typeof tickerTrendSchema>;

export const tickerFactorsInputSchema = z.object({
  assetId: z.uuid(),
  /** The newest N rows (default 20); each row's factors use up to 60 bars before it. */
  limit: z.number().int().min(1).max(1000).default(20),
  /** Alpha158 factor names (e.g. "ROC5", "CORD60"); default all 158, in Qlib's order. */
  names: z.array(z.string().min(1).max(16)).min(1).max(158).optional(),
});
export type TickerFactorsInput = z.input<typeof tickerFactorsInputSchema>;

export const tickerFactorsOutputSchema = z.object({
  names: z.array(z.string()),
  /** Oldest first; `values[j]` is factor `names[j]`, null where undefined (NaN / infinite). */
  rows: z.array(z.object({ ts: z.date(), values: z.array(z.number().nullable()) })),
  totalBars: z.number().int(),
  hasVolume: z.boolean(),
});
export type TickerFactors = z.infer<typeof tickerFactorsOutputSchema>;

/** The ticker-forecast candidates (ml/markets/forecast/candidates.ts), by name. */
export const tickerForecastCandidateSchema = z.enum(["rw", "rw-drift", "ets", "arima", "theta"]);

/** Payload of the forecast-tickers job: one ticker or every ticker asset with a close series. */
export const forecastTickersPayloadSchema = z.object({
  assetId: z.uuid().optional(),
  /** Candidates besides the random walk (always one: the baseline); default all. */
  candidates: z.array(tickerForecastCandidateSchema).min(1).max(5).optional(),
  /** Backtest origins scored, and origins whose errors calibrate one band. */
  evalOrigins: z.number().int().min(20).max(500).optional(),
  calibrationWindow: z.number().int().min(20).max(500).optional(),
  /** Newest closes read per ticker. */
  maxHistory: z.number().int().min(200).max(20_000).default(5000),
});
export type ForecastTickersPayload = z.input<typeof forecastTickersPayloadSchema>;

export const tickerForecastBacktestInputSchema = z.object({ assetId: z.uuid() });
export type TickerForecastBacktestInput = z.input<typeof tickerForecastBacktestInputSchema>;

/** One candidate's rolling 5-day-ahead backtest on the ticker (shares are 0–1). */
export const tickerBacktestRowSchema = z.object({
  name: z.string(),
  origins: z.number().int(),
  mase: z.number(),
  /** MASE over the random walk's on the same origins (< 1: better than the random walk). */
  maseVsRandomWalk: z.number(),
  mae: z.number(),
  rmse: z.number(),
  mape: z.number(),
  /** Share of origins whose 5-day return sign was right (random walk: the share of up moves). */
  directionAccuracy: z.number(),
  coverage80: z.number(),
  coverage95: z.number(),
  trendHitRate: z.number(),
});

export const tickerForecastBacktestSchema = z.object({
  versionId: z.uuid(),
  versionNumber: z.number().int(),
  /** The candidate serving the forecast. */
  model: z.string(),
  baseline: z.string(),
  trainedAt: z.date().nullable(),
  /** The scored origins' first and last dates. */
  fromDate: z.string(),
  toDate: z.string(),
  horizonSteps: z.number().int(),
  thresholdPct: z.number(),
  candidates: z.array(tickerBacktestRowSchema),
});
/** Null when the ticker has no forecast from the forecast-tickers job. */
export const tickerForecastBacktestOutputSchema = tickerForecastBacktestSchema.nullable();
export type TickerForecastBacktest = z.infer<typeof tickerForecastBacktestSchema>;
