/** The forecasts table: store a precomputed forecast of a version, read the newest one back. */
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { forecasts } from "@/db/schema";

type Forecast = typeof forecasts.$inferSelect;
type NewForecast = typeof forecasts.$inferInsert;

export async function insertForecast(db: DbOrTx, params: NewForecast): Promise<Forecast> {
  const [row] = await db.insert(forecasts).values(params).returning();
  return row;
}

/** Newest stored forecast of a version (used when serving a champion whose forecast is already stored). */
export async function latestStoredForecast(db: DbOrTx, params: { versionId: string }): Promise<Forecast | undefined> {
  const [row] = await db
    .select()
    .from(forecasts)
    .where(eq(forecasts.modelVersionId, params.versionId))
    .orderBy(desc(forecasts.createdAt))
    .limit(1);
  return row;
}
