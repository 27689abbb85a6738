import type { DbOrTx } from "@/db/client";
import { lttb } from "@/ml/series/lttb";
import { readObservations } from "./read-observations";

/** A series' observations in [from, to) for a chart: at most `maxPoints`, reduced shape-preservingly (LTTB). */
export async function chartObservations(db: DbOrTx, p: { seriesId: string; from?: Date; to?: Date; maxPoints: number }) {
  const rows = await readObservations(db, { seriesId: p.seriesId, from: p.from, to: p.to });
  const reduced =
    rows.length > p.maxPoints
      ? lttb(
          rows.map((r) => ({ x: r.ts.getTime(), y: r.value, r })),
          p.maxPoints,
        ).map((q) => q.r)
      : rows;
  return { rows, points: reduced, totalPoints: rows.length, downsampled: reduced.length < rows.length };
}
