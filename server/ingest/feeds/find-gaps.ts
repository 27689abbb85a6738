import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { observations } from "@/db/schema";
import { inferStepMs } from "@/ml/series/frequency";

export interface Gap {
  /** First missing timestamp (ms). */
  fromMs: number;
  /** First present timestamp after the gap (ms, exclusive end). */
  toMs: number;
  missing: number;
}

/** Gaps in a series' regular grid: runs of missing steps between consecutive observations. */
export async function findGaps(db: Db, params: { seriesId: string }): Promise<{ stepMs: number; gaps: Gap[] }> {
  const rows = await db.select({ ts: observations.ts }).from(observations).where(eq(observations.seriesId, params.seriesId)).orderBy(asc(observations.ts));
  if (rows.length < 3) return { stepMs: 0, gaps: [] };
  const ms = rows.map((r) => r.ts.getTime());
  const stepMs = inferStepMs(ms);
  const gaps: Gap[] = [];
  for (let i = 1; i < ms.length; i++) {
    const missing = Math.round((ms[i] - ms[i - 1]) / stepMs) - 1;
    if (missing > 0) gaps.push({ fromMs: ms[i - 1] + stepMs, toMs: ms[i], missing });
  }
  return { stepMs, gaps };
}

/** Splits gaps into windows of at most `chunkSteps` steps (each fetched as one rate-limited request). */
export function chunkGaps(gaps: Gap[], stepMs: number, chunkSteps: number): { fromMs: number; toMs: number }[] {
  const out: { fromMs: number; toMs: number }[] = [];
  for (const g of gaps) {
    for (let from = g.fromMs; from < g.toMs; from += chunkSteps * stepMs) out.push({ fromMs: from, toMs: Math.min(g.toMs, from + chunkSteps * stepMs) });
  }
  return out;
}
