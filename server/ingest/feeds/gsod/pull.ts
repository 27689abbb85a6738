/**
 * NOAA GSOD: one CSV per station-year at `/data/global-summary-of-the-day/access/{year}/{station}.csv`,
 * from the cursor's year to this year (the current year's file grows daily; re-reading it writes only the
 * new days). A year the station has no file for (404) is skipped.
 */
import { getText, ProviderHttpError } from "../connector-http";
import { newestTs, type Connector } from "../connector";
import type { ProviderConfig } from "../provider-config";
import { parseGsod } from "./parse";

export const GSOD_ORIGIN = "https://www.ncei.noaa.gov";
export const GSOD_LIMITS = [{ points: 30, durationS: 60 }];

export const gsodConnector: Connector<ProviderConfig<"noaa-gsod">, Record<string, never>> = async function* (config, _creds, ctx) {
  const origin = ctx.baseUrl ?? GSOD_ORIGIN;
  const cursor = ctx.cursors.daily;
  const thisYear = new Date(ctx.toMs ?? ctx.nowMs).getUTCFullYear();
  const fromYear = new Date(ctx.fromMs ?? cursor ?? Date.UTC(config.startYear ?? thisYear, 0, 1)).getUTCFullYear();
  for (let year = fromYear; year <= thisYear; year++) {
    let text: string;
    try {
      text = await getText(`${origin}/data/global-summary-of-the-day/access/${year}/${config.station}.csv`, ctx.http);
    } catch (err) {
      if (err instanceof ProviderHttpError && err.httpStatus === 404) continue;
      throw err;
    }
    const parsed = parseGsod(text);
    yield { ...parsed, stream: "daily", cursorMs: newestTs(parsed) };
  }
};
