/**
 * Online interval adaptation of a served version (ml/conformal/interval-tracking.ts): before a refresh, the
 * actuals that arrived for the version's newest served forecast are scored against the intervals that forecast
 * promised, moving the version's factor per level (up on a miss, down on a hit); the refresh then serves its
 * calibrated half-widths times that factor. Each actual is scored once (`scoredThrough`), in one transaction
 * with the rows locked, so a retried or concurrent refresh does not count it twice.
 */
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { intervalAdaptations, observations } from "@/db/schema";
import { scaleBounds, trackInterval, type TrackingState } from "@/ml/conformal/interval-tracking";
import type { ForecastPoint } from "@/ml/types";
import { latestStoredForecast } from "./stored-forecasts";

export interface LevelAdaptation extends TrackingState {
  level: number;
  factor: number;
  scoredThrough: string | null;
}

function adaptationOf(r: Pick<typeof intervalAdaptations.$inferSelect, "level" | "logFactor" | "scored" | "missed" | "scoredThrough">): LevelAdaptation {
  return { level: r.level, logFactor: r.logFactor, factor: Math.exp(r.logFactor), scored: r.scored, missed: r.missed, scoredThrough: r.scoredThrough?.toISOString() ?? null };
}

/** Scores the new actuals of the version's newest forecast and returns the factor per level (1 where none yet). */
export async function adaptIntervals(db: Db, p: { versionId: string; seriesId: string; levels: number[] }): Promise<Map<number, LevelAdaptation>> {
  return db.transaction(async (tx) => {
    if (p.levels.length) {
      await tx
        .insert(intervalAdaptations)
        .values(p.levels.map((level) => ({ modelVersionId: p.versionId, level })))
        .onConflictDoNothing();
    }
    const rows = await tx.select().from(intervalAdaptations).where(eq(intervalAdaptations.modelVersionId, p.versionId)).for("update");
    const states = new Map(rows.map((r) => [r.level, { ...r }]));
    const latest = await latestStoredForecast(tx, { versionId: p.versionId });
    if (latest && latest.points.length) {
      const byTs = new Map<number, ForecastPoint>(latest.points.map((pt) => [Date.parse(pt.ts), pt]));
      const after = Math.max(latest.originTs.getTime(), ...rows.map((r) => r.scoredThrough?.getTime() ?? -Infinity));
      const lastTs = Date.parse(latest.points[latest.points.length - 1].ts);
      const actuals = await tx
        .select({ ts: observations.ts, value: observations.value })
        .from(observations)
        .where(and(eq(observations.seriesId, p.seriesId), gt(observations.ts, new Date(after)), lte(observations.ts, new Date(lastTs))))
        .orderBy(asc(observations.ts));
      let through: Date | null = null;
      for (const a of actuals) {
        const pt = byTs.get(a.ts.getTime());
        if (!pt || !Number.isFinite(a.value)) continue;
        through = a.ts;
        for (const [level, s] of states) {
          const lo = pt.lower[String(level)];
          const hi = pt.upper[String(level)];
          if (lo === undefined || hi === undefined) continue;
          Object.assign(s, trackInterval(s, a.value < lo || a.value > hi, level));
        }
      }
      if (through) {
        for (const s of states.values()) {
          await tx
            .update(intervalAdaptations)
            .set({ logFactor: s.logFactor, scored: s.scored, missed: s.missed, scoredThrough: through, updatedAt: sql`now()` })
            .where(and(eq(intervalAdaptations.modelVersionId, p.versionId), eq(intervalAdaptations.level, s.level)));
        }
      }
    }
    return new Map([...states.values()].map((s) => [s.level, adaptationOf(s)]));
  });
}

/** The points with each level's half-widths scaled by its adaptation factor. */
export function applyAdaptation(points: ForecastPoint[], adaptation: Map<number, LevelAdaptation>): ForecastPoint[] {
  return points.map((pt) => {
    const lower = { ...pt.lower };
    const upper = { ...pt.upper };
    for (const [level, a] of adaptation) {
      const k = String(level);
      const b = scaleBounds(pt.mean, pt.lower[k], pt.upper[k], a.logFactor);
      if (b.lower !== undefined) lower[k] = b.lower;
      if (b.upper !== undefined) upper[k] = b.upper;
    }
    return { ...pt, lower, upper };
  });
}

/** The adaptation of a version per level, as stored (for the version page). */
export async function intervalAdaptationOf(db: Db, p: { versionId: string }): Promise<LevelAdaptation[]> {
  const rows = await db.select().from(intervalAdaptations).where(eq(intervalAdaptations.modelVersionId, p.versionId)).orderBy(asc(intervalAdaptations.level));
  return rows.map(adaptationOf);
}
