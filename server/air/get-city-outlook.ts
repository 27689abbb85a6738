/**
 * A city's AQI outlook for the next days, from the served forecasts of its daily pollutant series (the champion
 * of each metric's model, as `models.assetForecast` serves it; nothing is fitted here). Per day and pollutant
 * the forecast's median and 80 / 95 % bounds (whatever levels it carries) become a predictive distribution
 * (ml/aqi/exceedance.ts): the median's sub-index, and P(above each category boundary). The day's AQI is the
 * largest median sub-index; P(next category) the largest pollutant's P(above its boundary into it), a lower
 * bound of the day's probability.
 *
 * Which forecasts count: each standard's daily AQI inputs that are 24-h means and have a table starting at 0
 * (EPA: PM2.5, PM10; China: PM2.5, PM10, SO2, NO2, CO). A city without served forecasts gets no days.
 */
import type { Db } from "@/db/client";
import { featureSpecSchema } from "@/db/schema";
import {
  CHINA_UNITS,
  EPA_UNITS,
  bandsFor,
  categoryExceedance,
  convertConcentration,
  parseConcentrationUnit,
  type AqiStandard,
  type ConcentrationUnit,
  type Pollutant,
} from "@/ml/aqi";
import { getAsset, listSeries } from "@/server/assets";
import type { Cache } from "@/server/cache";
import { getAssetForecast } from "@/server/forecasts";
import { NotFoundError, ValidationError } from "@/server/http/errors";
import { getVersion } from "@/server/registry";
import { AIR_METRICS, DAILY_AQI_INPUTS } from "./air-metrics";
import { categoryBody } from "./get-city-aqi";
import { cityOutlookInputSchema, type CityOutlook, type CityOutlookInput } from "./schemas";

/** The pollutant metrics whose daily-mean forecasts give a daily AQI under `standard`. */
export function outlookMetrics(standard: AqiStandard): { metric: string; pollutant: Pollutant }[] {
  return AIR_METRICS.filter((m) => {
    if (m.statistic !== "mean" || m.averaging !== "24h" || !DAILY_AQI_INPUTS[standard].includes(m.metric)) return false;
    try {
      return bandsFor(standard, m.pollutant, "24h")[0].cLo === 0;
    } catch {
      return false;
    }
  }).map((m) => ({ metric: m.metric, pollutant: m.pollutant }));
}

export function weatherNote(sources: CityOutlook["sources"]): string {
  const future = [...new Set(sources.flatMap((s) => s.covariates.future))];
  const past = [...new Set(sources.flatMap((s) => s.covariates.past))];
  if (future.length) {
    return (
      `Forecasts that read the target day's weather (${future.join(", ")}) take it from the request that made them: a weather ` +
      `source's forecast where one is configured. Where none is (the demo cities), the stored observed weather stands in for ` +
      `forecast weather, so their accuracy is an upper bound of what real weather forecasts give.`
    );
  }
  if (past.length) return `These forecasts read the weather observed at their origin (${past.join(", ")}); no weather forecast is used.`;
  return "No weather covariates: the forecasts come from the pollutant series alone.";
}

export async function getCityOutlook(deps: { db: Db; cache: Cache }, params: CityOutlookInput): Promise<CityOutlook> {
  const input = cityOutlookInputSchema.safeParse(params);
  if (!input.success) {
    const issue = input.error.issues[0];
    throw new ValidationError(issue.message, { field: issue.path.join(".") || "input" });
  }
  const { assetId, standard, days } = input.data;
  const asset = await getAsset(deps.db, { idOrSlug: assetId });
  if (asset.kind !== "city") throw new ValidationError(`the AQI outlook is for city assets; this asset is a ${asset.kind}`, { field: "assetId" });

  const units = standard === "epa" ? EPA_UNITS : CHINA_UNITS;
  const seriesByMetric = new Map((await listSeries(deps.db, { assetId })).map((s) => [s.metric, s]));
  const sources: CityOutlook["sources"] = [];
  /** date → pollutant rows of that day. */
  const byDay = new Map<string, CityOutlook["days"][number]["pollutants"]>();
  for (const { metric, pollutant } of outlookMetrics(standard)) {
    const s = seriesByMetric.get(metric);
    const unit = s?.unit ? parseConcentrationUnit(s.unit) : null;
    if (!s || !unit) continue;
    let forecast;
    try {
      forecast = await getAssetForecast(deps, { assetId, metric });
    } catch (err) {
      if (err instanceof NotFoundError) continue;
      throw err;
    }
    const version = await getVersion(deps.db, { versionId: forecast.version.id });
    const spec = featureSpecSchema.safeParse(version.featureSpec);
    sources.push({
      metric,
      modelId: forecast.modelId,
      versionId: forecast.version.id,
      algorithm: forecast.version.algorithm,
      originTs: forecast.originTs,
      stale: forecast.stale,
      covariates: { past: spec.success ? spec.data.pastCovariates : [], future: spec.success ? spec.data.futureCovariates : [] },
    });
    const to = units[pollutant] as ConcentrationUnit;
    const conv = (v: number) => Math.max(0, convertConcentration(pollutant, v, unit, to));
    for (const p of forecast.points.slice(0, days)) {
      const intervals = Object.keys(p.lower)
        .filter((k) => Number.isFinite(p.lower[k]) && Number.isFinite(p.upper[k]) && Number(k) > 0 && Number(k) < 100)
        .map((k) => ({ level: Number(k), lower: conv(p.lower[k]), upper: conv(p.upper[k]) }));
      if (!Number.isFinite(p.mean)) continue;
      const r = categoryExceedance({ mean: conv(p.mean), intervals }, standard, pollutant, "24h");
      const date = p.ts.slice(0, 10);
      const aqi = r.medianAqi === null ? null : standard === "epa" ? Math.round(r.medianAqi) : Math.ceil(r.medianAqi);
      byDay.set(date, [
        ...(byDay.get(date) ?? []),
        {
          metric,
          pollutant,
          medianConcentration: r.medianConcentration,
          unit: to,
          aqi,
          pExceedNext: null,
          boundaries: r.boundaries.map((b) => ({ level: b.level, aqi: b.aqi, concentration: b.concentration, probability: b.probability })),
        },
      ]);
    }
  }

  const out: CityOutlook["days"] = [...byDay.keys()]
    .sort()
    .slice(0, days)
    .map((date) => {
      const pollutants = byDay.get(date)!;
      const indexed = pollutants.filter((p) => p.aqi !== null);
      const aqi = indexed.length ? Math.max(...indexed.map((p) => p.aqi!)) : null;
      const category = aqi === null ? null : categoryBody(standard, aqi);
      const level = category?.level ?? null;
      const nextLevel = level !== null && level < 6 ? level + 1 : null;
      const withNext = pollutants.map((p) => ({ ...p, pExceedNext: nextLevel === null ? null : (p.boundaries.find((b) => b.level === nextLevel)?.probability ?? null) }));
      const ps = withNext.map((p) => p.pExceedNext).filter((x): x is number => x !== null);
      return {
        date,
        aqi,
        category,
        primary: aqi === null ? [] : indexed.filter((p) => p.aqi === aqi).map((p) => p.pollutant),
        nextLevel,
        pExceedNext: ps.length ? Math.max(...ps) : null,
        pollutants: withNext,
      };
    });
  return { assetId, standard, days: out, sources, weatherNote: weatherNote(sources) };
}
