/**
 * The one write path into `observations`. Rows go in as a handful of array parameters expanded with
 * unnest(), so a statement has 4 bind parameters however many rows it carries (far from Postgres'
 * 65,535 limit, and much less parse/bind work than multi-row VALUES). Conflicts on (series_id, ts)
 * update only when value or quality actually differ, so a re-sent batch writes nothing.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

/** Points per statement: big enough to amortize round trips, small enough to keep statements modest. */
export const UPSERT_CHUNK_ROWS = 20_000;

export interface ObservationRows {
  /** Distinct series ids; rows refer to them by position. */
  seriesIds: string[];
  seriesIndex: ArrayLike<number>;
  tsMs: ArrayLike<number>;
  values: ArrayLike<number>;
  quality: ArrayLike<number>;
}

export interface UpsertCounts {
  /** Rows after de-duplication (last of equal (series, ts) wins). */
  rows: number;
  inserted: number;
  updated: number;
  /** Rows in the input that repeated an earlier (series, ts) of the same input. */
  duplicates: number;
}

/** Postgres array literal from already-safe tokens (uuids and numbers need no quoting). */
function arrayLiteral(items: string[]): string {
  return `{${items.join(",")}}`;
}

/**
 * Upserts rows, sorted by (series, ts): concurrent writers then lock index entries in the same order,
 * which avoids deadlocks between overlapping batches.
 */
export async function upsertObservations(db: DbOrTx, rows: ObservationRows): Promise<UpsertCounts> {
  const n = rows.tsMs.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // Stable sort: among equal keys the later input row stays later, so "last wins" below.
  const sorted = Array.from(order).sort(
    (a, b) => rows.seriesIndex[a] - rows.seriesIndex[b] || rows.tsMs[a] - rows.tsMs[b] || a - b,
  );
  const kept: number[] = [];
  for (let k = 0; k < sorted.length; k++) {
    const i = sorted[k];
    const next = sorted[k + 1];
    if (next !== undefined && rows.seriesIndex[next] === rows.seriesIndex[i] && rows.tsMs[next] === rows.tsMs[i]) continue;
    kept.push(i);
  }

  const counts: UpsertCounts = { rows: kept.length, inserted: 0, updated: 0, duplicates: n - kept.length };
  const ids = arrayLiteral(rows.seriesIds);
  for (let start = 0; start < kept.length; start += UPSERT_CHUNK_ROWS) {
    const chunk = kept.slice(start, start + UPSERT_CHUNK_ROWS);
    const idx: string[] = new Array(chunk.length);
    const ts: string[] = new Array(chunk.length);
    const val: string[] = new Array(chunk.length);
    const q: string[] = new Array(chunk.length);
    for (let j = 0; j < chunk.length; j++) {
      const i = chunk[j];
      idx[j] = String(rows.seriesIndex[i] + 1); // Postgres arrays are 1-based
      ts[j] = String(rows.tsMs[i]);
      // String(number) is the shortest text that round-trips to the same double; float8in reads it exactly.
      val[j] = String(rows.values[i]);
      q[j] = String(rows.quality[i]);
    }
    const result = await db.execute(sql`
      with input as (
        select (${ids}::uuid[])[t.i] as series_id,
               -- epoch ms → timestamptz without text parsing; whole seconds and the ms remainder are
               -- multiplied separately so every factor stays exact in float8 for years 1–9999.
               timestamptz 'epoch' + (t.ms / 1000) * interval '1 second' + (t.ms % 1000) * interval '1 millisecond' as ts,
               t.value, t.quality
        from unnest(${arrayLiteral(idx)}::int4[], ${arrayLiteral(ts)}::int8[],
                    ${arrayLiteral(val)}::float8[], ${arrayLiteral(q)}::int2[]) as t(i, ms, value, quality)
      ), written as (
        insert into observations as o (series_id, ts, value, quality)
        select series_id, ts, value, quality from input
        on conflict (series_id, ts) do update set value = excluded.value, quality = excluded.quality
        where o.value is distinct from excluded.value or o.quality is distinct from excluded.quality
        returning (xmax = 0) as inserted
      )
      select (count(*) filter (where inserted))::int as inserted,
             (count(*) filter (where not inserted))::int as updated
      from written`);
    const row = resultRows<{ inserted: number; updated: number }>(result)[0];
    counts.inserted += Number(row.inserted);
    counts.updated += Number(row.updated);
  }
  return counts;
}

/** postgres-js returns an array of rows, PGlite an object with `rows`. */
export function resultRows<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
