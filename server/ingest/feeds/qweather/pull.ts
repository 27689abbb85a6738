/**
 * QWeather historical weather/air: one request per day (`date=yyyyMMdd`) and kind, for the last 10 days
 * that are complete (up to yesterday), starting after each kind's cursor. Authorization is a fresh
 * EdDSA JWT (jwt.ts) per pull.
 */
import { getJson } from "../connector-http";
import { DAY_MS, newestTs, type Connector } from "../connector";
import type { ProviderConfig } from "../provider-config";
import { qweatherJwt, type QWeatherCredentials } from "./jwt";
import { parseQWeather } from "./parse";

export const QWEATHER_LIMITS = [{ points: 50, durationS: 60 }];
export const QWEATHER_DAYS = 10;

export const qweatherConnector: Connector<ProviderConfig<"qweather">, QWeatherCredentials> = async function* (config, creds, ctx) {
  const origin = ctx.baseUrl ?? `https://${config.apiHost}`;
  const jwt = await qweatherJwt(creds, ctx.nowMs);
  const today = Math.floor(ctx.nowMs / DAY_MS) * DAY_MS;
  const first = today - QWEATHER_DAYS * DAY_MS;
  for (const kind of config.kinds) {
    const cursor = ctx.cursors[kind];
    const fromMs = Math.max(first, ctx.fromMs ?? (cursor !== undefined ? Math.floor(cursor / DAY_MS) * DAY_MS : first));
    const toMs = Math.min(today, ctx.toMs ?? today);
    for (let d = fromMs; d < toMs; d += DAY_MS) {
      const url = new URL(`${origin}/v7/historical/${kind}`);
      url.searchParams.set("location", config.location);
      url.searchParams.set("date", new Date(d).toISOString().slice(0, 10).replaceAll("-", ""));
      const parsed = parseQWeather(await getJson(url.toString(), { ...ctx.http, headers: { Authorization: `Bearer ${jwt}` } }), kind);
      yield { ...parsed, stream: kind, cursorMs: newestTs(parsed) };
    }
  }
};
