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
