/**
 * The rolling backtest behind a ticker's served 5-day forecast (forecast-tickers): per candidate MASE and its
 * ratio to the random walk's, MAE / RMSE / MAPE of the close, direction accuracy, 80 / 95 % coverage and the
 * trend-call hit rate, read from the champion version of the ticker's close model.
 */
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models, modelVersions } from "@/db/schema";
import { getAsset } from "@/server/assets";
import { tickerBacktestRowSchema, tickerForecastBacktestInputSchema, type TickerForecastBacktest, type TickerForecastBacktestInput } from "./schemas";
import { TICKER_FORECAST_HORIZON } from "./forecast-tickers";
import { isTickerForecastVersion } from "./ticker-forecast-version";

export async function tickerForecastBacktest(db: DbOrTx, params: TickerForecastBacktestInput): Promise<TickerForecastBacktest | null> {
  const { assetId } = tickerForecastBacktestInputSchema.parse(params);
  await getAsset(db, { idOrSlug: assetId });
  const [row] = await db
    .select({ v: modelVersions })
    .from(models)
    .innerJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.state, "champion")))
    .where(and(eq(models.assetId, assetId), eq(models.metric, "close"), eq(models.horizon, TICKER_FORECAST_HORIZON)));
  if (!row || !isTickerForecastVersion(row.v)) return null;
  const p = row.v.parameters as { model: string; baseline: string; thresholdPct: number; backtest: { fromDate: string; toDate: string } };
  return {
    versionId: row.v.id,
    versionNumber: row.v.version,
    model: p.model,
    baseline: p.baseline,
    trainedAt: row.v.trainedAt,
    fromDate: p.backtest.fromDate,
    toDate: p.backtest.toDate,
    horizonSteps: TICKER_FORECAST_HORIZON,
    thresholdPct: p.thresholdPct,
    candidates: Object.entries(row.v.backtestMetrics).map(([name, m]) => tickerBacktestRowSchema.parse({ name, ...m })),
  };
}
