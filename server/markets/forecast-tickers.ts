/**
 * The forecast-tickers job's work: each ticker's next 5 NYSE trading days of close with 80 / 95 % bands and its
 * trend call (ml/markets/forecast), stored the way every served forecast is — a version of the ticker's `close`
 * model (horizon 5) promoted to champion, with the rolling backtest of every candidate against the random walk
 * in its `backtestMetrics`, and the forecast row serving reads (server/forecasts). The ticker page's forecast
 * band (models.assetForecast) and trend badge (markets.trend) then show it; markets.forecastBacktest reads the
 * backtest back.
 *
 * One ticker is one transaction: version, promotion and forecast row land together or not at all.
 */
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { InvalidInputError } from "@/ml/errors";
import { forecastTicker, TICKER_FORECAST_DEFAULTS, type TickerForecast } from "@/ml/markets/forecast/forecast-ticker";
import { getAsset, listAssets, listSeries } from "@/server/assets";
import type { Cache } from "@/server/cache";
import { insertForecast, invalidateModelForecast, readNewestObservations } from "@/server/forecasts";
import { ValidationError } from "@/server/http/errors";
import { completeVersion, createVersion, ensureModel, promoteVersion } from "@/server/registry";
import { codeVersion } from "@/server/training/code-version";
import { forecastTickersPayloadSchema, type ForecastTickersPayload } from "./schemas";
import { TICKER_FORECAST_ALGORITHM_PREFIX } from "./ticker-forecast-version";

const DAY_MS = 86_400_000;
export const TICKER_FORECAST_HORIZON = TICKER_FORECAST_DEFAULTS.horizon;

export interface TickerRef {
  assetId: string;
  slug: string;
  closeSeriesId: string;
}

export type TickerForecastOutcome =
  | { status: "forecast"; assetId: string; slug: string; model: string; versionId: string; versionNumber: number; originDate: string; call: string }
  | { status: "skipped"; assetId: string; slug: string; reason: string };

/** Ticker assets with a `close` series (one asset when `assetId` is given: it must be such a ticker). */
export async function listForecastableTickers(db: Db, params: { assetId?: string } = {}): Promise<TickerRef[]> {
  const assets = params.assetId ? [await getAsset(db, { idOrSlug: params.assetId })] : await listAssets(db, { kind: "ticker" });
  const out: TickerRef[] = [];
  for (const a of assets) {
    if (a.kind !== "ticker") throw new ValidationError(`asset ${a.slug} is a ${a.kind}, not a ticker`, { field: "assetId" });
    const close = (await listSeries(db, { assetId: a.id })).find((s) => s.metric === "close");
    if (close) out.push({ assetId: a.id, slug: a.slug, closeSeriesId: close.id });
    else if (params.assetId) throw new ValidationError(`ticker ${a.slug} has no "close" series`, { field: "assetId" });
  }
  return out;
}

/** Forecasts one ticker and stores it; a history the forecaster cannot use (too short, two bars a day) is skipped with the reason. */
export async function forecastOneTicker(
  deps: { db: Db; cache: Cache },
  params: { ticker: TickerRef; options?: ForecastTickersPayload; jobRunId?: string },
): Promise<TickerForecastOutcome> {
  const o = forecastTickersPayloadSchema.parse(params.options ?? {});
  const { ticker } = params;
  const rows = await readNewestObservations(deps.db, { seriesId: ticker.closeSeriesId, limit: o.maxHistory });
  let f: TickerForecast;
  try {
    f = await forecastTicker(
      { id: ticker.slug, dates: rows.map((r) => r.ts.toISOString().slice(0, 10)), close: Float64Array.from(rows, (r) => r.value) },
      { candidates: o.candidates, evalOrigins: o.evalOrigins, calibrationWindow: o.calibrationWindow },
    );
  } catch (err) {
    if (err instanceof InvalidInputError) return { status: "skipped", assetId: ticker.assetId, slug: ticker.slug, reason: err.message };
    throw err;
  }
  const rw = f.backtest.candidates.find((c) => c.name === f.backtest.baseline)!;
  const backtestMetrics = Object.fromEntries(
    f.backtest.candidates.map((c) => [
      c.name,
      {
        origins: c.origins,
        mase: c.mase,
        maseVsRandomWalk: c.mase / rw.mase,
        mae: c.mae,
        rmse: c.rmse,
        mape: c.mape,
        directionAccuracy: c.directionAccuracy,
        coverage80: c.coverage["80"],
        coverage95: c.coverage["95"],
        trendHitRate: c.trendHitRate,
      },
    ]),
  );
  const last = rows[rows.length - 1];
  const stored = await deps.db.transaction(async (tx) => {
    const model = await ensureModel(tx, {
      assetId: ticker.assetId,
      seriesId: ticker.closeSeriesId,
      metric: "close",
      horizon: TICKER_FORECAST_HORIZON,
      frequency: "1d",
      seasonLengths: [1],
    });
    const v = await createVersion(tx, { modelId: model.id, algorithm: `${TICKER_FORECAST_ALGORITHM_PREFIX}${f.model}`, codeVersion: codeVersion(), jobRunId: params.jobRunId });
    await completeVersion(tx, {
      versionId: v.id,
      algorithm: v.algorithm,
      parameters: {
        kind: "ticker-forecast",
        model: f.model,
        baseline: f.backtest.baseline,
        candidates: f.backtest.candidates.map((c) => c.name),
        horizonSteps: TICKER_FORECAST_HORIZON,
        thresholdPct: f.trend.thresholdPct,
        backtest: { fromDate: f.backtest.fromDate, toDate: f.backtest.toDate },
        calibration: f.calibration,
        trend: { call: f.trend.call, pUp: f.trend.pUp, pDown: f.trend.pDown, pSideways: f.trend.pSideways },
      },
      featureSpec: {},
      featureSpecHash: null,
      calibration: {},
      backtestMetrics,
      artifactUri: null,
      artifactSha256: null,
      trainingSnapshot: {
        seriesId: ticker.closeSeriesId,
        fromTs: rows[0].ts.toISOString(),
        toTs: last.ts.toISOString(),
        rowCount: rows.length,
        contentHash: createHash("sha256").update(rows.map((r) => `${r.ts.getTime()},${r.value}`).join("\n")).digest("hex"),
        stepMs: DAY_MS,
      },
    });
    const champion = await promoteVersion(tx, { versionId: v.id, reason: "forecast-tickers run" });
    await insertForecast(tx, {
      modelId: model.id,
      modelVersionId: champion.id,
      originTs: last.ts,
      stepMs: DAY_MS,
      horizon: f.points.length,
      levels: [80, 95],
      // Daily bars are stored at 00:00 UTC of their date (data/demo/README.md): the steps are too.
      points: f.points.map((p) => ({ ts: `${p.date}T00:00:00.000Z`, mean: p.mean, lower: p.lower, upper: p.upper })),
    });
    return { modelId: model.id, champion };
  });
  await invalidateModelForecast(deps.cache, stored.modelId);
  return {
    status: "forecast",
    assetId: ticker.assetId,
    slug: ticker.slug,
    model: f.model,
    versionId: stored.champion.id,
    versionNumber: stored.champion.version,
    originDate: f.originDate,
    call: f.trend.call,
  };
}

/** Every ticker (or one), one after another. */
export async function forecastTickers(deps: { db: Db; cache: Cache }, params: ForecastTickersPayload = {}): Promise<TickerForecastOutcome[]> {
  const o = forecastTickersPayloadSchema.parse(params);
  const out: TickerForecastOutcome[] = [];
  for (const ticker of await listForecastableTickers(deps.db, { assetId: o.assetId })) out.push(await forecastOneTicker(deps, { ticker, options: o }));
  return out;
}
