/**
 * `predict` for an asset: the champion of the asset's metric applied to posted history (its own state and
 * features rebuilt from it; the model's structure is not refitted, nothing posted is stored) or to the stored
 * history. Results are cached by version and input hash, and a burst of identical requests computes once.
 */
import { createHash } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { observations } from "@/db/schema";
import { historyNeeded, type FeatureSpec } from "@/ml/features/spec";
import { impute } from "@/ml/series/impute";
import { regularize } from "@/ml/series/regularize";
import type { Series } from "@/ml/types";
import type { Asset } from "@/server/assets";
import { getJson, setJson, type Cache } from "@/server/cache";
import { alignStoredCovariates } from "@/server/covariates/align-stored-covariates";
import { predictWithArtifact, type ArtifactForecast } from "@/server/serving/predict-with-artifact";
import { isStateFormat, predictWithState } from "@/server/serving/predict-with-state";
import type { ArtifactStore } from "@/server/serving/artifacts";
import type { Calibration } from "@/ml/conformal/calibration";
import { ConflictError, NotFoundError, ValidationError } from "@/server/http/errors";
import { parseTimestamp } from "@/server/ingest/parse-timestamp";
import type { ServingData } from "@/server/registry";
import type { InferenceClient } from "@/server/serving/inference";
import type { ForecastDatum, PredictBody, PredictResponse } from "./schemas";
import { calibrationFor, resolvePredictTargets, servingDataFor, type PredictTarget } from "./resolve-predict-target";
import { createSingleFlight } from "./single-flight";
import { applyAdaptation, intervalAdaptationOf } from "@/server/forecasts/adapt-intervals";

export interface PredictDeps {
  db: Db;
  cache: Cache;
  inference: InferenceClient;
  /** Where state artifacts (auto's local models) are loaded from; ONNX models go through `inference`. */
  artifacts: ArtifactStore;
}

/** How a champion turns history into a forecast: an ONNX model (feature rows) or a local model's state. */
interface ServingPlan {
  /** The ONNX model's feature spec; absent for a state. */
  spec?: FeatureSpec;
  calibration: Calibration;
  maxHorizon: number;
  /** Fewest posted readings it forecasts from. */
  need: number;
  /** Newest stored readings read for the stored path. */
  storedHistory: number;
  run(series: Series, horizon: number): Promise<ArtifactForecast>;
}

async function servingPlan(deps: PredictDeps, target: PredictTarget, asset: Asset): Promise<ServingPlan> {
  const { model, champion } = target;
  const c = champion!;
  const season = model.seasonLengths[0] ?? 1;
  if (isStateFormat(c.artifactFormat)) {
    const calibration = await calibrationFor(deps.db, c.id);
    return {
      calibration,
      maxHorizon: model.horizon,
      // A local model filters or refits on the history: two seasons (or 3 readings) is the least that means anything.
      need: Math.max(3, 2 * season),
      // As many as it was trained on (refit kinds fit on them), plus slack for gaps.
      storedHistory: (c.trainedRows ?? 2 * season) + 2 * season,
      run: (series, horizon) => predictWithState(deps.artifacts, { sha256: c.artifactSha256!, calibration, series, horizon }),
    };
  }
  let serving: ServingData;
  try {
    serving = await servingDataFor(deps.db, c.id);
  } catch {
    // A version registered without a trained feature spec or calibration (not made by this app's training).
    throw new ConflictError(`the champion of ${asset.slug}'s ${model.metric} model (v${c.version}) has no feature spec or calibration to serve from`);
  }
  const { featureSpec: spec, calibration } = serving;
  const need = historyNeeded(spec);
  return {
    spec,
    calibration,
    maxHorizon: Math.min(spec.horizon, model.horizon),
    need,
    storedHistory: need + 2 * season,
    run: (series, horizon) => predictWithArtifact(deps.inference, { sha256: c.artifactSha256!, spec, calibration, series, horizon }),
  };
}

export const PREDICT_CACHE_TTL_S = 300;
const flights = createSingleFlight<PredictResponse>();

/** The model of the asset's metric that covers the horizon (the shortest such), else the longest one. */
async function chooseTarget(db: Db, asset: Asset, metric: string | undefined, horizon: number, withLatest: boolean): Promise<PredictTarget> {
  const rows = await resolvePredictTargets(db, { assetId: asset.id, metric, withLatest });
  if (rows.length === 0) {
    if (metric) throw new ValidationError(`asset ${asset.slug} has no trained model for metric "${metric}"`, { field: "metric" });
    throw new ConflictError(`asset ${asset.slug} has no trained model yet: train one first (POST /api/v1/training-jobs)`);
  }
  const metrics = [...new Set(rows.map((r) => r.model.metric))];
  if (!metric && metrics.length > 1) throw new ValidationError(`asset ${asset.slug} has models for ${metrics.join(", ")}: name one`, { field: "metric" });
  return rows.find((r) => r.model.horizon >= horizon) ?? rows[rows.length - 1];
}

interface Posted {
  timestamps: number[];
  values: number[];
  extras: Map<string, number[]>;
}

function parsePosted(points: NonNullable<PredictBody["historical_data"]>): Posted {
  const timestamps: number[] = [];
  const values: number[] = [];
  const extras = new Map<string, number[]>();
  points.forEach((p, i) => {
    const t = parseTimestamp(p.timestamp, { requireOffset: typeof p.timestamp === "string" && p.timestamp.includes("T") });
    if (!t.ok) throw new ValidationError(`historical_data[${i}].timestamp: ${t.reason}`, { field: `historical_data[${i}].timestamp`, row: i + 1 });
    if (i > 0 && !(t.ms > timestamps[i - 1]))
      throw new ValidationError(`historical_data[${i}].timestamp must be later than the reading before it`, { field: `historical_data[${i}].timestamp`, row: i + 1 });
    timestamps.push(t.ms);
    values.push(p.value ?? NaN);
    for (const [k, v] of Object.entries(p)) {
      if (k === "timestamp" || k === "value") continue;
      if (!extras.has(k)) extras.set(k, new Array(i).fill(NaN));
      extras.get(k)!.push(typeof v === "number" && Number.isFinite(v) ? v : NaN);
    }
    for (const arr of extras.values()) if (arr.length < i + 1) arr.push(NaN);
  });
  return { timestamps, values, extras };
}

function regular(id: string, timestamps: number[], values: number[], stepMs: number, season: number, field: string): Series {
  let s: Series;
  try {
    s = regularize(id, timestamps, values, stepMs);
  } catch (e) {
    const err = e as Error & { row?: number };
    throw new ValidationError(`${field}: ${err.message}`, { field: err.row !== undefined ? `${field}[${err.row}].timestamp` : field, row: err.row !== undefined ? err.row + 1 : undefined });
  }
  if (s.values.some(Number.isNaN)) s.values = impute(s.values, "seasonal", season);
  return s;
}

/**
 * The future values of the model's covariates, from `future_covariates` (one row per forecast step), or a 422
 * naming what is missing when the model has future covariates; past-only covariates get no future.
 */
function futureCovariates(spec: FeatureSpec, covariates: string[], body: PredictBody): Float64Array[] | undefined {
  if (!spec.futureCovariates.length) return undefined;
  const fc = body.future_covariates;
  if (!fc || fc.length < body.forecast_horizon)
    throw new ValidationError(`future_covariates: the model needs future values of ${spec.futureCovariates.join(", ")} for each of the ${body.forecast_horizon} steps`, { field: "future_covariates" });
  return covariates.map((name) =>
    Float64Array.from(fc.slice(0, body.forecast_horizon), (row, i) => {
      const v = row[name];
      if (spec.futureCovariates.includes(name) && (typeof v !== "number" || !Number.isFinite(v)))
        throw new ValidationError(`future_covariates[${i}].${name} must be a number`, { field: `future_covariates[${i}].${name}`, row: i + 1 });
      return typeof v === "number" ? v : NaN;
    }),
  );
}

function cacheKey(versionId: string, parts: unknown[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(typeof p === "string" ? p : JSON.stringify(p)).update("\u0000");
  return `predict:${versionId}:${h.digest("hex").slice(0, 32)}`;
}

/** The request was refused by its rate limit before any model work began (predictForAsset's `admitted`). */
export class NotAdmittedError extends Error {
  constructor() {
    super("not admitted by the rate limit");
    this.name = "NotAdmittedError";
  }
}

/**
 * `admitted` lets a caller ask the rate limiter while the model is resolved and the cache asked: a cached answer
 * is returned at once (the caller still decides, on the limiter's answer, whether to send it), and a miss waits
 * for admission before reading history or running the model, so a refused request costs no inference.
 */
export async function predictForAsset(deps: PredictDeps, params: { asset: Asset; body: PredictBody; admitted?: Promise<boolean> }): Promise<PredictResponse> {
  const { asset, body } = params;
  const target = await chooseTarget(deps.db, asset, body.metric, body.forecast_horizon, !body.historical_data);
  const { model, champion } = target;
  if (!champion) throw new ConflictError(`the ${model.metric} model of ${asset.slug} has no champion version yet`);
  if (!champion.artifactSha256) throw new NotFoundError("artifact of model version", champion.id);
  const plan = await servingPlan(deps, target, asset);
  const { spec, calibration } = plan;
  const stepMs = champion.stepMs;
  if (!stepMs) throw new NotFoundError("training snapshot of model version", champion.id);
  const maxHorizon = plan.maxHorizon;
  if (body.forecast_horizon > maxHorizon)
    throw new ValidationError(`forecast_horizon ${body.forecast_horizon} is beyond what this model was trained for: at most ${maxHorizon}`, { field: "forecast_horizon" });
  const available = Object.keys(calibration.halfWidths ?? {}).map(Number);
  for (const [i, level] of body.levels.entries())
    if (!available.includes(level)) throw new ValidationError(`levels[${i}]: ${level} % is not calibrated for this model (it has ${available.sort((a, b) => a - b).join(", ")})`, { field: `levels[${i}]`, row: i + 1 });
  const season = model.seasonLengths[0] ?? 1;
  const need = plan.need;
  const covariates = spec ? [...spec.pastCovariates, ...spec.futureCovariates] : [];

  /** The regular history to forecast from: built before the flight (posted) or inside it on a miss (stored). */
  let loadSeries: () => Promise<Series>;
  let history: "posted" | "stored";
  let key: string;
  if (body.historical_data) {
    history = "posted";
    const posted = parsePosted(body.historical_data);
    const series = regular(model.seriesId, posted.timestamps, posted.values, stepMs, season, "historical_data");
    loadSeries = async () => series;
    if (series.values.length < need)
      throw new ValidationError(`historical_data needs at least ${need} readings at this model's frequency (got ${series.values.length})`, { field: "historical_data" });
    if (covariates.length) {
      const past: Float64Array[] = [];
      for (const name of covariates) {
        const col = posted.extras.get(name);
        if (!col) throw new ValidationError(`historical_data: the model was trained with covariate "${name}": give it on every reading`, { field: `historical_data[0].${name}`, row: 1 });
        past.push(regular(name, posted.timestamps, col, stepMs, season, "historical_data").values);
      }
      series.covariates = { names: covariates, past, future: futureCovariates(spec!, covariates, body) };
    }
    key = cacheKey(champion.id, [series.startMs, series.values.buffer.byteLength, Buffer.from(series.values.buffer).toString("base64"), body.forecast_horizon, body.levels, body.future_covariates ?? null, covariates.length ? series.covariates!.past.map((a) => Buffer.from(a.buffer).toString("base64")) : null]);
  } else {
    history = "stored";
    // Future covariates come with the request; past ones from the asset's stored series (read on a miss).
    const future = spec && covariates.length ? futureCovariates(spec, covariates, body) : undefined;
    // The stored path's input is the newest readings: keyed by the newest timestamp (read with the model, one
    // round trip), so new data changes the key, and the history itself is read only on a cache miss.
    const latest = target.latestTs ? { ts: target.latestTs } : undefined;
    if (!latest) throw new ConflictError(`asset ${asset.slug} has no stored ${model.metric} readings to forecast from`);
    key = cacheKey(champion.id, [latest.ts.toISOString(), body.forecast_horizon, body.levels, body.future_covariates ?? null]);
    loadSeries = async () => {
      const newest = await deps.db
        .select({ ts: observations.ts, value: observations.value })
        .from(observations)
        .where(eq(observations.seriesId, model.seriesId))
        .orderBy(desc(observations.ts))
        .limit(plan.storedHistory);
      newest.reverse();
      const s = regular(model.seriesId, newest.map((o) => o.ts.getTime()), newest.map((o) => o.value), stepMs, season, "stored history");
      if (covariates.length) {
        const stored = await alignStoredCovariates(deps.db, {
          assetId: asset.id,
          sources: covariates.map((metric) => ({ metric, field: "historical_data" })),
          startMs: s.startMs!,
          stepMs,
          length: s.values.length,
        });
        s.covariates = { ...stored, future };
      }
      return s;
    };
  }

  const cached = await getJson<PredictResponse>(deps.cache, key);
  if (cached) return cached;
  if (params.admitted && !(await params.admitted)) throw new NotAdmittedError();
  // The cache is asked again inside the flight: a request arriving just after the first computed finds its answer.
  return flights.run(key, async () => {
    const hit = await getJson<PredictResponse>(deps.cache, key, { count: false });
    if (hit) return hit;
    const series = await loadSeries();
    const f = await plan.run(series, body.forecast_horizon);
    // The version's online interval adaptation (moved by the actuals its served forecasts met) applies here too.
    const adaptation = await intervalAdaptationOf(deps.db, { versionId: champion.id });
    if (adaptation.length) f.points = applyAdaptation(f.points, new Map(adaptation.map((a) => [a.level, a])));
    const response: PredictResponse = {
      asset_id: asset.slug,
      metric: model.metric,
      model: { version_id: champion.id, version: champion.version, kind: champion.algorithm },
      origin: f.originTs.toISOString(),
      stale: false,
      history,
      forecast_data: f.points.map((p) => {
        const d: ForecastDatum = { timestamp: p.ts, predicted_value: p.mean };
        for (const level of body.levels) {
          d[`lower_${level}`] = p.lower[String(level)] ?? null;
          d[`upper_${level}`] = p.upper[String(level)] ?? null;
        }
        return d;
      }),
    };
    await setJson(deps.cache, key, response, PREDICT_CACHE_TTL_S);
    return response;
  });
}
