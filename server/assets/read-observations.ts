import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { observations } from "@/db/schema";
import { ValidationError } from "@/server/http/errors";
import { observationRangeSchema } from "./schemas";

export interface Observation {
  ts: Date;
  value: number;
  quality: number;
}

export interface ReadObservationsParams {
  seriesId: string;
  /** Inclusive lower bound. */
  from?: Date | string;
  /** Exclusive upper bound. */
  to?: Date | string;
  /** Most points returned (oldest first); default 1,000,000. */
  limit?: number;
}

/** Observations of one series in [from, to), ordered by time. */
export async function readObservations(db: DbOrTx, params: ReadObservationsParams): Promise<Observation[]> {
  const range = observationRangeSchema.safeParse({ from: params.from, to: params.to, limit: params.limit });
  if (!range.success) {
    const issue = range.error.issues[0];
    throw new ValidationError(issue.message, { field: issue.path.join(".") || "range" });
  }
  const { from, to, limit } = range.data;
  return db
    .select({ ts: observations.ts, value: observations.value, quality: observations.quality })
    .from(observations)
    .where(
      and(
        eq(observations.seriesId, params.seriesId),
        from ? gte(observations.ts, from) : undefined,
        to ? lt(observations.ts, to) : undefined,
      ),
    )
    .orderBy(asc(observations.ts))
    .limit(limit ?? 1_000_000);
}
