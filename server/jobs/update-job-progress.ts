/** Persists a run's stage, percent and loss points (what the live job page shows). */
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { jobRuns, type LossPoint } from "@/db/schema";

export interface ProgressUpdate {
  stage?: string;
  /** 0–100; clamped. */
  percent?: number;
  /** Appended to the run's loss curve. */
  loss?: LossPoint[];
}

export async function updateProgress(db: DbOrTx, runId: string, update: ProgressUpdate): Promise<void> {
  const set: Record<string, unknown> = { updatedAt: new Date() };
  if (update.stage !== undefined) set.stage = update.stage;
  if (update.percent !== undefined) set.percent = Math.max(0, Math.min(100, update.percent));
  if (update.loss?.length) set.lossCurve = sql`${jobRuns.lossCurve} || ${JSON.stringify(update.loss)}::jsonb`;
  await db.update(jobRuns).set(set).where(eq(jobRuns.id, runId));
}
