/**
 * OpenAQ v3: `GET /v3/sensors/{id}/measurements/{hourly|daily}?datetime_from&datetime_to&limit&page` with
 * `X-API-Key`, page by page until a page is short or `meta.found` is reached. One cursor per sensor (the newest period start
 * written), so a pull that died on page 2 resumes after page 1's newest point.
 */
import { getJson } from "../connector-http";
import { DAY_MS, newestTs, type Connector } from "../connector";
import type { ProviderConfig } from "../provider-config";
import { parseOpenAqMeasurements } from "./parse";

export const OPENAQ_ORIGIN = "https://api.openaq.org";
export const OPENAQ_LIMITS = [
  { points: 60, durationS: 60 },
  { points: 2000, durationS: 3600 },
];

export const openAqConnector: Connector<ProviderConfig<"openaq">, { apiKey: string }> = async function* (config, creds, ctx) {
  const origin = ctx.baseUrl ?? OPENAQ_ORIGIN;
  for (const sensorId of config.sensorIds) {
    const stream = String(sensorId);
    const cursor = ctx.cursors[stream];
    const fromMs = ctx.fromMs ?? (cursor !== undefined ? cursor + 1 : config.startDate ? Date.parse(`${config.startDate}T00:00:00Z`) : ctx.nowMs - 7 * DAY_MS);
    const toMs = ctx.toMs ?? ctx.nowMs;
    for (let page = 1; ; page++) {
      const url = new URL(`${origin}/v3/sensors/${sensorId}/measurements/${config.aggregation}`);
      url.searchParams.set("datetime_from", new Date(fromMs).toISOString());
      url.searchParams.set("datetime_to", new Date(toMs).toISOString());
      url.searchParams.set("limit", String(config.pageLimit));
      url.searchParams.set("page", String(page));
      const body = await getJson(url.toString(), { ...ctx.http, headers: { "X-API-Key": creds.apiKey, accept: "application/json" } });
      const parsed = parseOpenAqMeasurements(body);
      yield { ...parsed, stream, cursorMs: newestTs(parsed) };
      // Last page: a short one, or `meta.found` says all results are in (a full last page would
      // otherwise cost one more, empty request; `found` is null when OpenAQ answers ">1000").
      if (parsed.count < config.pageLimit || parsed.count === 0) break;
      if (parsed.found !== null && page * config.pageLimit >= parsed.found) break;
    }
  }
};
