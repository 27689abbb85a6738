/**
 * The predict path's one round trip: an asset's models (of one metric, if named), each with its champion's
 * identity and, for the stored-history path, the newest reading's timestamp — instead of three queries
 * (models, champion, newest reading) before the cache can even be asked. The champion's heavy JSON (feature
 * spec, calibration) is not selected: a version's serving data never changes, so it is read once per version
 * and kept in-process (servingDataFor).
 */
import { and, asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models, modelVersions } from "@/db/schema";
import { servingDataOf, type ServingData } from "@/server/registry";
import { calibrationSchema } from "@/db/schema/json-columns";
import type { Calibration } from "@/ml/conformal/calibration";

export interface PredictTarget {
  model: { id: string; metric: string; horizon: number; seriesId: string; seasonLengths: number[] };
  /** Absent when the model has no champion yet. */
  champion?: {
    id: string;
    version: number;
    algorithm: string;
    artifactSha256: string | null;
    stepMs: number | null;
    /** The manifest's format: "almanac-onnx" (feature-row models) or "almanac-state" (auto's local models). */
    artifactFormat: string | null;
    /** Observations the version was trained on (its snapshot's row count). */
    trainedRows: number | null;
  };
  /** Newest stored reading of the model's series (only when asked for). */
  latestTs?: Date | null;
}

export async function resolvePredictTargets(db: DbOrTx, params: { assetId: string; metric?: string; withLatest: boolean }): Promise<PredictTarget[]> {
  const rows = await db
    .select({
      id: models.id,
      metric: models.metric,
      horizon: models.horizon,
      seriesId: models.seriesId,
      seasonLengths: models.seasonLengths,
      championId: modelVersions.id,
      version: modelVersions.version,
      algorithm: modelVersions.algorithm,
      artifactSha256: modelVersions.artifactSha256,
      stepMs: sql<number | null>`(${modelVersions.trainingSnapshot}->>'stepMs')::float8`,
      artifactFormat: sql<string | null>`${modelVersions.manifest}->>'format'`,
      trainedRows: sql<number | null>`(${modelVersions.trainingSnapshot}->>'rowCount')::int`,
      latestMs: params.withLatest
        ? sql<number | null>`(select extract(epoch from max(o.ts)) * 1000 from observations o where o.series_id = ${models.seriesId})`
        : sql<null>`null`,
    })
    .from(models)
    .leftJoin(modelVersions, and(eq(modelVersions.modelId, models.id), eq(modelVersions.state, "champion")))
    .where(and(eq(models.assetId, params.assetId), params.metric ? eq(models.metric, params.metric) : undefined))
    .orderBy(asc(models.horizon));
  return rows.map((r) => ({
    model: { id: r.id, metric: r.metric, horizon: r.horizon, seriesId: r.seriesId, seasonLengths: r.seasonLengths },
    champion:
      r.championId === null
        ? undefined
        : {
            id: r.championId,
            version: r.version!,
            algorithm: r.algorithm!,
            artifactSha256: r.artifactSha256,
            stepMs: r.stepMs === null ? null : Number(r.stepMs),
            artifactFormat: r.artifactFormat,
            trainedRows: r.trainedRows === null ? null : Number(r.trainedRows),
          },
    ...(params.withLatest ? { latestTs: r.latestMs === null ? null : new Date(Math.round(Number(r.latestMs))) } : {}),
  }));
}

const SERVING_CACHE_MAX = 256;
const holder = globalThis as typeof globalThis & { almanacServingData?: Map<string, ServingData> };

/**
 * A version's parsed feature spec and calibration, read once per version id and kept (LRU, 256 versions):
 * they are written when the version completes and never change after. Throws what servingDataOf throws for
 * a version registered without them.
 */
export async function servingDataFor(db: DbOrTx, versionId: string): Promise<ServingData> {
  const cache = (holder.almanacServingData ??= new Map());
  const hit = cache.get(versionId);
  if (hit) {
    cache.delete(versionId);
    cache.set(versionId, hit);
    return hit;
  }
  const [row] = await db.select({ featureSpec: modelVersions.featureSpec, calibration: modelVersions.calibration }).from(modelVersions).where(eq(modelVersions.id, versionId));
  if (!row) throw new Error(`model version ${versionId} vanished`);
  const data = servingDataOf(row);
  cache.set(versionId, data);
  if (cache.size > SERVING_CACHE_MAX) cache.delete(cache.keys().next().value!);
  return data;
}

const calibrations = new Map<string, Calibration>();

/** A version's calibration alone (what a state version serves with), parsed once per version. */
export async function calibrationFor(db: DbOrTx, versionId: string): Promise<Calibration> {
  const hit = calibrations.get(versionId);
  if (hit) return hit;
  const [row] = await db.select({ calibration: modelVersions.calibration }).from(modelVersions).where(eq(modelVersions.id, versionId));
  if (!row) throw new Error(`model version ${versionId} vanished`);
  const c = calibrationSchema.parse(row.calibration);
  calibrations.set(versionId, c);
  if (calibrations.size > SERVING_CACHE_MAX) calibrations.delete(calibrations.keys().next().value!);
  return c;
}
