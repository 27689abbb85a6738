/**
 * forecast-tickers: each ticker's next 5 NYSE trading days of close with 80 / 95 % bands and its trend call,
 * stored as its close model's champion forecast (server/markets/forecast-tickers.ts). Every weekday at 22:30 UTC,
 * after the US close in both EST and EDT; or for one ticker on demand. One step per ticker, so a retry does not
 * refit the tickers already stored.
 */
import { forecastOneTicker, listForecastableTickers } from "@/server/markets/forecast-tickers";
import { jobPayloadSchemas } from "@/server/jobs/catalogue";
import { listAssets } from "@/server/assets";
import { defineJob } from "../define-job";

export const forecastTickersJob = defineJob({
  id: "forecast-tickers",
  name: "Forecast tickers (5 trading days)",
  event: "almanac/markets.forecast",
  cron: "30 22 * * 1-5",
  payload: jobPayloadSchemas["forecast-tickers"],
  retries: 2,
  concurrency: 1,
  hasScheduledWork: async (deps) => (await listAssets(deps.db, { kind: "ticker" })).length > 0,
  async handler({ event, step, deps, progress, log, runId }) {
    const tickers = await step.run("list-tickers", () => listForecastableTickers(deps.db, { assetId: event.data.assetId }));
    const outcomes = [];
    for (const [i, ticker] of tickers.entries()) {
      const out = await step.run(`forecast-${ticker.slug}`, () => forecastOneTicker(deps, { ticker, options: event.data, jobRunId: runId }));
      outcomes.push(out);
      await progress({ stage: "forecast", percent: ((i + 1) / tickers.length) * 100 });
      await log(
        out.status === "forecast"
          ? `${out.slug}: ${out.model} from ${out.originDate}, call ${out.call} (version ${out.versionNumber})`
          : `${out.slug}: skipped — ${out.reason}`,
      );
    }
    return { forecast: outcomes.filter((o) => o.status === "forecast").length, skipped: outcomes.filter((o) => o.status === "skipped").length, outcomes };
  },
});
