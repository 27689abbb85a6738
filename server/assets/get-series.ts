import type { DbOrTx } from "@/db/client";
import { NotFoundError } from "@/server/http/errors";
import { findSeries, type FindSeriesParams } from "./find-series";
import type { Series } from "./types";

export async function getSeries(db: DbOrTx, params: FindSeriesParams): Promise<Series> {
  const row = await findSeries(db, params);
  if (!row) throw new NotFoundError("series", params.metric);
  return row;
}
