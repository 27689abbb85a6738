/**
 * One-step-ahead expectations from the champion of an asset's metric, for `detect_anomalies`.
 *
 * The champion's feature spec is applied at every stream point to the readings before it (history, then the
 * stream as it arrives, with readings the baseline pass flagged as spikes or stuck replaced by the baseline's
 * expectation, so one bad reading does not become the next reading's lag). All rows — the stream's and the
 * last stored readings' — go to the model in one inference call. The interval is split-conformal on the
 * champion's own one-step errors over the most recent stored readings, at the requested level, so it is
 * calibrated for any sensitivity (the version's calibration holds only its trained levels).
 */
import type { DbOrTx } from "@/db/client";
import type { Expectation } from "@/ml/anomaly/types";
import { viewOf, writeRow } from "@/ml/features/build";
import { historyNeeded } from "@/ml/features/spec";
import { impute } from "@/ml/series/impute";
import type { Series } from "@/ml/types";
import { resolvePredictTargets, servingDataFor, type PredictTarget } from "@/server/predict/resolve-predict-target";
import type { ServingData } from "@/server/registry";
import type { InferenceClient } from "@/server/serving/inference";

/** Recent stored readings whose one-step errors calibrate the interval. */
export const CALIBRATION_POINTS = 1_000;
/** Fewer errors than this and the champion is not used (the interval would rest on too little). */
const MIN_CALIBRATION = 200;

export interface ChampionExpectations {
  expectations: Expectation[];
  version: { id: string; version: number; kind: string };
  /** One-step errors the interval was calibrated on. */
  calibrationPoints: number;
}

export type ChampionOutcome = { ok: true; value: ChampionExpectations } | { ok: false; reason: string };

interface Params {
  assetId: string;
  metric: string;
  history: { timestamps: number[]; values: number[] };
  stream: { timestamps: number[]; values: number[] };
  /** Stream points the baseline pass flagged (spike or stuck): replaced by `baseline` in the lags. */
  flagged: boolean[];
  /** The baseline pass's expectations per stream point (NaN where none). */
  baseline: Expectation[];
  stepMs: number;
  levelPct: number;
}

/**
 * The asset's champion for the metric that can serve one-step expectations, or why none can: the predict path's
 * resolver (one query for the models and their champions) and its per-version cache of parsed serving data.
 */
async function servableChampion(
  db: DbOrTx,
  assetId: string,
  metric: string,
): Promise<{ champion: NonNullable<PredictTarget["champion"]>; serving: ServingData; reason?: undefined } | { reason: string }> {
  const candidates = await resolvePredictTargets(db, { assetId, metric, withLatest: false });
  if (candidates.length === 0) return { reason: "the asset has no trained model for this metric" };
  for (const { champion } of candidates) {
    if (!champion?.artifactSha256) continue;
    try {
      return { champion, serving: await servingDataFor(db, champion.id) };
    } catch {
      continue; // registered without a feature spec (not trained by this app): try the next model
    }
  }
  return { reason: "no model of this metric has a servable champion yet" };
}

export async function championExpectations(db: DbOrTx, inference: InferenceClient, p: Params): Promise<ChampionOutcome> {
  const found = await servableChampion(db, p.assetId, p.metric);
  if (found.reason !== undefined) return { ok: false, reason: found.reason };
  const { champion, serving } = found;
  const spec = serving.featureSpec;
  if (champion.stepMs !== p.stepMs)
    return { ok: false, reason: `the champion (v${champion.version}) was trained at another frequency than these readings` };
  const covariates = [...spec.pastCovariates, ...spec.futureCovariates];
  if (covariates.length) return { ok: false, reason: `the champion (v${champion.version}) needs covariates (${covariates.join(", ")}) for every stored reading` };

  // One regular grid over the history and the stream.
  const first = p.history.timestamps.length ? p.history.timestamps[0] : p.stream.timestamps[0];
  const slot = (t: number) => Math.round((t - first) / p.stepMs);
  const n = slot(p.stream.timestamps[p.stream.timestamps.length - 1]) + 1;
  const y = new Float64Array(n).fill(NaN);
  p.history.timestamps.forEach((t, i) => {
    const s = slot(t);
    if (s >= 0 && s < n && Number.isFinite(p.history.values[i])) y[s] = p.history.values[i];
  });
  const streamSlots = p.stream.timestamps.map(slot);
  const firstStream = streamSlots[0];
  const actual = Float64Array.from(y);
  streamSlots.forEach((s, i) => {
    const v = p.stream.values[i];
    actual[s] = Number.isFinite(v) ? v : NaN;
    y[s] = p.flagged[i] && Number.isFinite(p.baseline[i]?.expected) ? p.baseline[i].expected : actual[s];
  });
  const need = historyNeeded(spec);
  if (firstStream < need + MIN_CALIBRATION)
    return { ok: false, reason: `the champion needs ${need + MIN_CALIBRATION} stored readings before the stream (${firstStream} found)` };
  const season = spec.seasonLengths[0] ?? 1;
  const filled = impute(y, "seasonal", season);
  const series: Series = { id: p.metric, values: filled, startMs: first, stepMs: p.stepMs };

  // Rows: one-step forecasts for the last stored readings (calibration) and for every stream point.
  const calFrom = Math.max(need, firstStream - CALIBRATION_POINTS);
  const targets: number[] = [];
  for (let s = calFrom; s < firstStream; s++) if (Number.isFinite(actual[s])) targets.push(s);
  const calCount = targets.length;
  if (calCount < MIN_CALIBRATION) return { ok: false, reason: `only ${calCount} stored readings to calibrate the champion's one-step interval on` };
  targets.push(...streamSlots);
  const F = spec.names.length;
  const X = new Float32Array(targets.length * F);
  const levelOf = new Float64Array(targets.length);
  const scaleOf = new Float64Array(targets.length);
  const norm = new Float64Array(2);
  const view = viewOf(series, spec, 0);
  targets.forEach((s, r) => {
    writeRow(spec, view, s - 1, 1, X, r * F, norm);
    levelOf[r] = norm[0];
    scaleOf[r] = norm[1];
  });
  const out = await inference.infer(champion.artifactSha256!, { data: X, nRows: targets.length });
  const col = Math.max(0, out.columns.indexOf("mean"));
  const stride = out.columns.length;
  const mean = (r: number) => levelOf[r] + out.values[r * stride + col] * scaleOf[r];

  // Split-conformal half-width: the ⌈(m+1)·level⌉-th smallest absolute one-step error.
  const errors = Float64Array.from({ length: calCount }, (_, r) => Math.abs(actual[targets[r]] - mean(r))).sort();
  const rank = Math.ceil((calCount + 1) * (p.levelPct / 100));
  if (rank > calCount) return { ok: false, reason: `${calCount} one-step errors are too few for a ${p.levelPct} % interval` };
  const halfWidth = errors[rank - 1];

  const expectations = streamSlots.map((_, i) => {
    const e = mean(calCount + i);
    return { expected: e, lower: e - halfWidth, upper: e + halfWidth };
  });
  return {
    ok: true,
    value: { expectations, version: { id: champion.id, version: champion.version, kind: champion.algorithm }, calibrationPoints: calCount },
  };
}
