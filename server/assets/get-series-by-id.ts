import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { series } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import { isUuid } from "@/server/ids";
import type { Series } from "./types";

export async function getSeriesById(db: DbOrTx, params: { seriesId: string }): Promise<Series> {
  if (!isUuid(params.seriesId)) throw new NotFoundError("series", params.seriesId);
  const [row] = await db.select().from(series).where(eq(series.id, params.seriesId)).limit(1);
  if (!row) throw new NotFoundError("series", params.seriesId);
  return row;
}
