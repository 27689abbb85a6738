import { tickerIndicators } from "@/server/markets/ticker-indicators";
import { tickerIndicatorsInputSchema, tickerIndicatorsOutputSchema } from "@/server/markets/schemas";
import { router, viewerProcedure } from "../init";

export const marketsRouter = router({
  /** A ticker's daily bars with SMA, EMA, Bollinger, RSI, MACD, ATR, ADX and OBV (equal to R's TTR). */
  indicators: viewerProcedure
    .input(tickerIndicatorsInputSchema)
    .output(tickerIndicatorsOutputSchema)
    .query(({ ctx, input }) => tickerIndicators(ctx.db, input)),
});
