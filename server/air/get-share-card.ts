/**
 * What the public AQI card of a share token shows: the city, the day's AQI under the token's standard, and a
 * small PM2.5 trend: the served 7-day forecast when the city has one, else the last 14 days of PM2.5 up to
 * the card's day (the card says which).
 */
import type { Db } from "@/db/client";
import { getAsset, listSeries, readObservations } from "@/server/assets";
import type { Cache } from "@/server/cache";
import { getAssetForecast } from "@/server/forecasts";
import { NotFoundError } from "@/server/http/errors";
import { getCityAqi } from "./get-city-aqi";
import type { CityAqi } from "./schemas";
import type { ShareClaims } from "./share-schemas";

const DAY_MS = 86_400_000;
export const TREND_METRIC = "pm25";
export const FORECAST_DAYS = 7;
export const HISTORY_DAYS = 14;

export interface ShareCardTrend {
  kind: "forecast" | "history";
  metric: string;
  unit: string | null;
  points: { ts: string; value: number }[];
}

export interface ShareCard {
  claims: ShareClaims;
  cityName: string;
  aqi: CityAqi;
  /** Null when the city has no PM2.5 series (or no values in the window). */
  trend: ShareCardTrend | null;
}

export async function getShareCard(deps: { db: Db; cache: Cache }, claims: ShareClaims): Promise<ShareCard> {
  const asset = await getAsset(deps.db, { idOrSlug: claims.assetId });
  const aqi = await getCityAqi(deps.db, { assetId: asset.id, standard: claims.standard, date: new Date(`${claims.date}T00:00:00Z`) });
  return { claims, cityName: asset.name, aqi, trend: await pm25Trend(deps, asset.id, claims.date) };
}

async function pm25Trend(deps: { db: Db; cache: Cache }, assetId: string, date: string): Promise<ShareCardTrend | null> {
  const series = (await listSeries(deps.db, { assetId })).find((s) => s.metric === TREND_METRIC);
  if (!series) return null;
  try {
    const f = await getAssetForecast(deps, { assetId, metric: TREND_METRIC });
    const points = f.points.slice(0, FORECAST_DAYS).map((p) => ({ ts: p.ts, value: p.mean }));
    if (points.length > 0) return { kind: "forecast", metric: TREND_METRIC, unit: series.unit, points };
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
  const end = Date.parse(`${date}T00:00:00Z`) + DAY_MS;
  const obs = await readObservations(deps.db, { seriesId: series.id, from: new Date(end - HISTORY_DAYS * DAY_MS), to: new Date(end) });
  if (obs.length === 0) return null;
  return { kind: "history", metric: TREND_METRIC, unit: series.unit, points: obs.map((o) => ({ ts: o.ts.toISOString(), value: o.value })) };
}
