/**
 * The trend call of a ticker's served close forecast (ml/markets/trend-call): up / down / sideways at step k
 * with its probabilities, relative to the close the forecast conditions on (the bar at its origin, not a newer
 * one that arrived since: the k-step return is the model's, from where it started).
 */
import { and, desc, eq, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { observations } from "@/db/schema";
import { trendCall } from "@/ml/markets/trend-call";
import { getAsset, listSeries } from "@/server/assets";
import type { Cache } from "@/server/cache";
import { getAssetForecast } from "@/server/forecasts";
import { NotFoundError, ValidationError } from "@/server/http/errors";
import { tickerTrendInputSchema, type TickerTrend, type TickerTrendInput } from "./schemas";

export async function tickerTrend(deps: { db: Db; cache: Cache }, params: TickerTrendInput): Promise<TickerTrend | null> {
  const { assetId, thresholdPct, step } = tickerTrendInputSchema.parse(params);
  await getAsset(deps.db, { idOrSlug: assetId });
  const close = (await listSeries(deps.db, { assetId })).find((s) => s.metric === "close");
  if (!close) throw new ValidationError(`the asset has no "close" series`, { field: "assetId" });
  let forecast;
  try {
    forecast = await getAssetForecast(deps, { assetId, metric: "close" });
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
  const [origin] = await deps.db
    .select({ ts: observations.ts, value: observations.value })
    .from(observations)
    .where(and(eq(observations.seriesId, close.id), lte(observations.ts, new Date(forecast.originTs))))
    .orderBy(desc(observations.ts))
    .limit(1);
  if (!origin) throw new ValidationError(`no close at or before the forecast's origin ${forecast.originTs}`, { field: "assetId" });
  const t = trendCall({ points: forecast.points, lastClose: origin.value, thresholdPct, step });
  return { ...t, lastCloseTs: origin.ts, versionId: forecast.version.id, stepTs: forecast.points[t.horizonSteps - 1].ts };
}
