/**
 * A city's AQI for one day: its daily pollutant series (by metric name, server/air/air-metrics.ts) read at
 * that day, converted to the standard's units and combined by ml/aqi under the US EPA or the Chinese rules.
 */
import type { DbOrTx } from "@/db/client";
import {
  CHINA_UNITS,
  EPA_UNITS,
  chinaAqi,
  chinaCategory,
  convertConcentration,
  epaAqi,
  epaCategory,
  parseConcentrationUnit,
  type AqiReading,
  type AqiStandard,
  type ConcentrationUnit,
} from "@/ml/aqi";
import { getAsset, listSeries, readObservations } from "@/server/assets";
import { ValidationError } from "@/server/http/errors";
import { AIR_METRICS, DAILY_AQI_INPUTS } from "./air-metrics";
import { cityAqiInputSchema, type AqiCategoryBody, type CityAqi, type CityAqiInput } from "./schemas";

const DAY_MS = 86_400_000;

export async function getCityAqi(db: DbOrTx, params: CityAqiInput): Promise<CityAqi> {
  const input = cityAqiInputSchema.safeParse(params);
  if (!input.success) {
    const issue = input.error.issues[0];
    throw new ValidationError(issue.message, { field: issue.path.join(".") || "input" });
  }
  const { assetId, standard, date } = input.data;
  const asset = await getAsset(db, { idOrSlug: assetId });
  if (asset.kind !== "city") throw new ValidationError(`the AQI is computed for city assets; this asset is a ${asset.kind}`, { field: "assetId" });

  const wanted = new Set(DAILY_AQI_INPUTS[standard]);
  const inputs = (await listSeries(db, { assetId })).filter((s) => wanted.has(s.metric) && s.points > 0);
  const empty: CityAqi = { assetId, standard, date: null, aqi: null, beyondIndex: false, category: null, subIndices: [], primary: [], skipped: [] };
  if (inputs.length === 0) return empty;

  // The day: the one asked for, else the latest any input reaches (daily rows sit at 00:00 UTC).
  const dayMs = date ? Math.floor(date.getTime() / DAY_MS) * DAY_MS : Math.max(...inputs.map((s) => Math.floor(s.lastTs!.getTime() / DAY_MS) * DAY_MS));
  const from = new Date(dayMs);
  const to = new Date(dayMs + DAY_MS);
  const units = standard === "epa" ? EPA_UNITS : CHINA_UNITS;

  const readings: Array<AqiReading & { metric: string }> = [];
  const skipped: CityAqi["skipped"] = [];
  const rows = await Promise.all(inputs.map(async (s) => ({ s, obs: await readObservations(db, { seriesId: s.id, from, to, limit: 1 }) })));
  for (const { s, obs } of rows) {
    const def = AIR_METRICS.find((m) => m.metric === s.metric)!;
    if (obs.length === 0) {
      skipped.push({ metric: s.metric, reason: "no reading that day" });
      continue;
    }
    const unit = s.unit ? parseConcentrationUnit(s.unit) : null;
    if (!unit) {
      skipped.push({ metric: s.metric, reason: `unit ${s.unit ? `"${s.unit}"` : "(none)"} is not a concentration unit (µg/m³, mg/m³, ppb, ppm)` });
      continue;
    }
    const value = convertConcentration(def.pollutant, obs[0].value, unit, units[def.pollutant] as ConcentrationUnit);
    readings.push({ pollutant: def.pollutant, averaging: def.averaging, value, metric: s.metric });
  }

  const result = standard === "epa" ? epaAqi(readings) : chinaAqi(readings);
  const metricOf = (p: string, a: string) => readings.find((r) => r.pollutant === p && r.averaging === a)!.metric;
  return {
    assetId,
    standard,
    date: from.toISOString().slice(0, 10),
    aqi: result.aqi,
    beyondIndex: result.beyondIndex,
    category: result.aqi === null ? null : categoryBody(standard, result.aqi),
    subIndices: result.subIndices.map((x) => ({ ...x, metric: metricOf(x.pollutant, x.averaging) })),
    primary: result.primary,
    skipped: [...skipped, ...result.skipped.map((x) => ({ metric: metricOf(x.pollutant, x.averaging), reason: x.reason }))],
  };
}

/** A category's names, colour and advice under a standard, as the card and the outlook show them. */
export function categoryBody(standard: AqiStandard, aqi: number): AqiCategoryBody {
  if (standard === "epa") {
    const c = epaCategory(aqi);
    return { level: c.level, name: c.name, color: c.hex, colorName: c.colorName, meaning: c.meaning, sensitiveGroups: c.sensitiveGroups, generalPublic: c.generalPublic };
  }
  const c = chinaCategory(aqi);
  return { level: c.level, name: c.name, color: c.hex, colorName: c.colorName, meaning: c.healthEffects, sensitiveGroups: c.sensitiveGroups, generalPublic: c.generalPublic };
}
