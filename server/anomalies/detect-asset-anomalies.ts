/**
 * `detect_anomalies` for an asset: the posted readings are checked one step ahead against the series' stored
 * history, with ml/anomaly's detector. Expectations come from the metric's champion (one-step forecasts through
 * the stream, interval calibrated on its recent one-step errors: champion-expectations.ts) where one can serve
 * them, else from the robust seasonal baseline; the response says which, and why not the champion.
 * Nothing posted is stored.
 */
import type { DbOrTx } from "@/db/client";
import { DEFAULT_ANOMALY_LEVEL, detectAnomalies } from "@/ml/anomaly/detect-anomalies";
import type { Anomaly } from "@/ml/anomaly/types";
import type { InferenceClient } from "@/server/serving/inference";
import { championExpectations } from "./champion-expectations";
import { calendarSeasonLengths, inferStepMs } from "@/ml/series/frequency";
import type { Asset } from "@/server/assets";
import { findSeries, listSeries } from "@/server/assets";
import { ValidationError } from "@/server/http/errors";
import { parseTimestamp } from "@/server/ingest/parse-timestamp";
import { readHistoryBefore } from "./read-history-before";
import type { AnomalyOut, DetectAnomaliesBody, DetectAnomaliesResponse } from "./schemas";

/** Readings of history read before the stream: enough for two weekly seasons of half-hourly data and more. */
const HISTORY_POINTS = 4_032;

const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export function anomalyToJson(a: Anomaly): AnomalyOut {
  return {
    timestamp: new Date(a.timestamp).toISOString(),
    value: finiteOrNull(a.value),
    expected: finiteOrNull(a.expected),
    lower: finiteOrNull(a.lower),
    upper: finiteOrNull(a.upper),
    score: Number(a.score.toFixed(3)),
    kind: a.kind,
    length: a.length,
    reason: a.reason,
  };
}

/** Parses the posted stream: every timestamp valid and later than the one before, values finite or null. */
export function parseStream(points: DetectAnomaliesBody["data_stream"]): { timestamps: number[]; values: number[] } {
  const timestamps: number[] = [];
  const values: number[] = [];
  points.forEach((p, i) => {
    const t = parseTimestamp(p.timestamp, { requireOffset: typeof p.timestamp === "string" && p.timestamp.includes("T") });
    if (!t.ok) throw new ValidationError(`data_stream[${i}].timestamp: ${t.reason}`, { field: `data_stream[${i}].timestamp`, row: i + 1 });
    if (i > 0 && !(t.ms > timestamps[i - 1]))
      throw new ValidationError(`data_stream[${i}].timestamp must be later than the reading before it`, { field: `data_stream[${i}].timestamp`, row: i + 1 });
    if (p.value !== null && !Number.isFinite(p.value)) throw new ValidationError(`data_stream[${i}].value must be a finite number or null`, { field: `data_stream[${i}].value`, row: i + 1 });
    timestamps.push(t.ms);
    values.push(p.value ?? NaN);
  });
  return { timestamps, values };
}

/** Stream points inside a flagged spike or stuck run (the champion's lags use the baseline's value there). */
function flaggedPoints(anomalies: Anomaly[], timestamps: number[]): boolean[] {
  const index = new Map(timestamps.map((t, i) => [t, i]));
  const flagged = new Array<boolean>(timestamps.length).fill(false);
  for (const a of anomalies) {
    if (a.kind !== "spike_above" && a.kind !== "spike_below" && a.kind !== "stuck") continue;
    const i = index.get(a.timestamp);
    if (i !== undefined) for (let k = i; k < Math.min(timestamps.length, i + a.length); k++) flagged[k] = true;
  }
  return flagged;
}

export async function detectAssetAnomalies(db: DbOrTx, params: { asset: Asset; body: DetectAnomaliesBody; inference?: InferenceClient }): Promise<DetectAnomaliesResponse> {
  const { asset, body } = params;
  const stream = parseStream(body.data_stream);
  const level = body.sensitivity ?? DEFAULT_ANOMALY_LEVEL;

  let seriesId: string | undefined;
  let metric = body.metric;
  if (metric) {
    const s = await findSeries(db, { assetId: asset.id, metric });
    if (!s) {
      const known = (await listSeries(db, { assetId: asset.id })).map((x) => x.metric);
      throw new ValidationError(`asset ${asset.slug} has no metric "${metric}"${known.length ? ` (it has ${known.join(", ")})` : ""}`, { field: "metric" });
    }
    seriesId = s.id;
  } else {
    const all = await listSeries(db, { assetId: asset.id });
    if (all.length > 1) throw new ValidationError(`asset ${asset.slug} has ${all.length} metrics: name one (${all.map((x) => x.metric).join(", ")})`, { field: "metric" });
    if (all.length === 1) [seriesId, metric] = [all[0].id, all[0].metric];
  }

  const history = seriesId ? await readHistoryBefore(db, { seriesId, before: new Date(stream.timestamps[0]), limit: HISTORY_POINTS }) : [];
  const historyTs = history.map((o) => o.ts.getTime());
  const stepSource = historyTs.length >= 20 ? historyTs : stream.timestamps;
  if (stepSource.length < 2) throw new ValidationError("data_stream needs at least two readings when the asset has no stored history", { field: "data_stream" });
  const stepMs = inferStepMs(stepSource);
  const input = {
    history: { timestamps: historyTs, values: history.map((o) => o.value) },
    stream,
    stepMs,
    seasons: calendarSeasonLengths(stepMs),
    levelPct: level,
  };
  const baseline = detectAnomalies(input);
  const baselineNote = `expectations from a robust seasonal baseline (${baseline.rules.map((r) => (r.kind === "last" ? "last value" : `${r.kind} ${r.season}`)).join(" and ")}) fitted on ${history.length} stored readings`;

  let result = baseline;
  let note = baselineNote;
  let model: DetectAnomaliesResponse["model"];
  if (metric && seriesId && params.inference) {
    const champ = await championExpectations(db, params.inference, {
      assetId: asset.id,
      metric,
      history: input.history,
      stream,
      flagged: flaggedPoints(baseline.anomalies, stream.timestamps),
      baseline: baseline.points,
      stepMs,
      levelPct: level,
    });
    if (champ.ok) {
      result = detectAnomalies({ ...input, expectations: champ.value.expectations });
      const v = champ.value.version;
      model = { version_id: v.id, version: v.version, kind: v.kind };
      note = `one-step expectations from the champion (v${v.version}, ${v.kind}), its ${level} % interval calibrated on its last ${champ.value.calibrationPoints} one-step errors; a spike must also surprise the seasonal baselines`;
    } else {
      note = `${baselineNote}; the champion was not used: ${champ.reason}`;
    }
  } else if (metric && seriesId) {
    note = baselineNote;
  }
  return {
    asset_id: asset.slug,
    metric: metric ?? "value",
    sensitivity: level,
    method: result.method,
    ...(model ? { model } : {}),
    note,
    anomalies: result.anomalies.map(anomalyToJson),
  };
}
