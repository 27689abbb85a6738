/**
 * Whether a metric of an asset can be trained as asked, before a job starts (the training form asks as the user
 * picks): the same season, horizon and feature rules the job applies (pipeline.ts settleSeasons, features.ts),
 * on the series' size and spacing.
 */
import { count, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { observations } from "@/db/schema";
import { inferStepMs } from "@/ml/series/frequency";
import { getSeries } from "@/server/assets";
import { TrainingDataError } from "./errors";
import { pointsNeeded, trainingFeatureSpec } from "./features";
import { trainOptionsSchema, type TrainOptionsInput } from "./options";
import { settleSeasons } from "./pipeline";

export interface Trainability {
  trainable: boolean;
  points: number;
  /** Fewest points the run needs (null when any length will do). */
  need: number | null;
  horizon: number | null;
  seasonLengths: number[];
  /** Why not, or what the user should know (e.g. too short for a seasonal model). */
  message: string | null;
}

export async function checkTrainability(db: Db, p: { assetId: string; metric: string; options?: Partial<TrainOptionsInput> }): Promise<Trainability> {
  const options = trainOptionsSchema.parse(p.options ?? {});
  const series = await getSeries(db, { assetId: p.assetId, metric: p.metric });
  const recent = await db.select({ ts: observations.ts }).from(observations).where(eq(observations.seriesId, series.id)).orderBy(desc(observations.ts)).limit(500);
  const [{ n }] = await db.select({ n: count() }).from(observations).where(eq(observations.seriesId, series.id));
  const points = Math.min(Number(n), options.maxTrainPoints);
  const none = { points, need: null, horizon: null, seasonLengths: [] };
  if (recent.length < 2) return { ...none, trainable: false, message: `${recent.length} point${recent.length === 1 ? "" : "s"}: at least 2 are needed to know the series' spacing` };
  const stepMs = inferStepMs(recent.map((r) => r.ts.getTime()).reverse());
  let settled;
  try {
    settled = settleSeasons(stepMs, points, options);
  } catch (e) {
    if (e instanceof TrainingDataError) return { ...none, trainable: false, message: e.message };
    throw e;
  }
  const { seasons, horizon } = settled;
  if (options.algorithm === "auto") {
    const m = seasons[0];
    const message = m > 1 && points < 2 * m ? `${points} points: shorter than two seasons of ${m}, so no seasonal model will be tried` : points <= 3 ? `${points} points: the forecast will be the last value` : null;
    return { trainable: true, points, need: null, horizon, seasonLengths: seasons, message };
  }
  const spec = trainingFeatureSpec({ seasonLengths: seasons, horizon });
  const need = pointsNeeded(spec, options.backtestWindows);
  return {
    trainable: points >= need,
    points,
    need,
    horizon,
    seasonLengths: seasons,
    message: points >= need ? null : `${points} points; the GBDT with horizon ${horizon}, seasons ${seasons.join("/")} and ${options.backtestWindows} backtest windows needs at least ${need} — try the auto algorithm, a shorter horizon or fewer windows`,
  };
}
