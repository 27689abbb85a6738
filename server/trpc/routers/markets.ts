import { getCache } from "@/server/cache";
import { tickerBars } from "@/server/markets/ticker-bars";
import { tickerFactors } from "@/server/markets/ticker-factors";
import { tickerIndicators } from "@/server/markets/ticker-indicators";
import { tickerForecastBacktest } from "@/server/markets/ticker-forecast-backtest";
import { tickerTrend } from "@/server/markets/ticker-trend";
import {
  tickerBarsInputSchema,
  tickerBarsOutputSchema,
  tickerFactorsInputSchema,
  tickerFactorsOutputSchema,
  tickerForecastBacktestInputSchema,
  tickerForecastBacktestOutputSchema,
  tickerIndicatorsInputSchema,
  tickerIndicatorsOutputSchema,
  tickerTrendInputSchema,
  tickerTrendOutputSchema,
} from "@/server/markets/schemas";
import { router, viewerProcedure } from "../init";

export const marketsRouter = router({
  /** A ticker's daily bars with SMA, EMA, Bollinger, RSI, MACD, ATR, ADX and OBV (equal to R's TTR). */
  indicators: viewerProcedure
    .input(tickerIndicatorsInputSchema)
    .output(tickerIndicatorsOutputSchema)
    .query(({ ctx, input }) => tickerIndicators(ctx.db, input)),

  /** The newest N OHLCV bars (open/high/low/close read together, aligned by timestamp). */
  bars: viewerProcedure
    .input(tickerBarsInputSchema)
    .output(tickerBarsOutputSchema)
    .query(({ ctx, input }) => tickerBars(ctx.db, input)),

  /** Qlib's Alpha158 factors (all 158 or the named ones) for the newest N bars. */
  factors: viewerProcedure
    .input(tickerFactorsInputSchema)
    .output(tickerFactorsOutputSchema)
    .query(({ ctx, input }) => tickerFactors(ctx.db, input)),

  /** Up / down / sideways from the served close forecast's band at step 5 (null without a forecast). */
  trend: viewerProcedure
    .input(tickerTrendInputSchema)
    .output(tickerTrendOutputSchema)
    .query(async ({ ctx, input }) => tickerTrend({ db: ctx.db, cache: await getCache() }, input)),

  /** The rolling backtest behind the served 5-day forecast: every candidate against the random walk (null without one). */
  forecastBacktest: viewerProcedure
    .input(tickerForecastBacktestInputSchema)
    .output(tickerForecastBacktestOutputSchema)
    .query(({ ctx, input }) => tickerForecastBacktest(ctx.db, input)),
});
