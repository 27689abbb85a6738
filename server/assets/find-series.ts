import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { series } from "@/db/schema";
import type { Series } from "./types";

export interface FindSeriesParams {
  assetId: string;
  metric: string;
}

export async function findSeries(db: DbOrTx, params: FindSeriesParams): Promise<Series | undefined> {
  const [row] = await db
    .select()
    .from(series)
    .where(and(eq(series.assetId, params.assetId), eq(series.metric, params.metric)))
    .limit(1);
  return row;
}
