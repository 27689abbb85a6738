/**
 * Newest-first keyset paging for the REST listings: `cursor` + `limit` query fields and the (time, id) condition
 * and next cursor. One home for every listing (registry, jobs, forecasts, anomalies).
 */
import { and, eq, lt, or, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { z } from "zod";
import { ValidationError } from "./errors";

/** `cursor` and `limit` of every paged REST listing. */
export const cursorParams = z.object({
  cursor: z.string().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * Newest-first keyset pages on (time, id) descending — the REST listings' one cursor helper. The cursor is
 * `<time ms>_<uuid>` of the last item seen; a malformed one is a 422 naming `cursor`.
 */
const MAX_CURSOR_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const newestFirst = {
  /** The WHERE condition for the page after `cursor` (undefined: the first page). */
  after(time: PgColumn, id: PgColumn, cursor: string | undefined): SQL | undefined {
    if (!cursor) return undefined;
    const m = /^(\d{1,15})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(cursor);
    // Postgres timestamps end at year 294276 but text times past 9999 are refused by the driver: bound the time too.
    if (!m || Number(m[1]) > MAX_CURSOR_MS) throw new ValidationError("cursor: not a cursor this listing returned (pass next_cursor back as it was)", { field: "cursor" });
    const at = new Date(Number(m[1]));
    return or(lt(time, at), and(eq(time, at), lt(id, m[2])));
  },
  /** Cuts the `limit + 1` rows fetched to a page and names the next page's cursor (null: this was the last). */
  page<T>(rows: T[], limit: number, key: (row: T) => { time: Date; id: string }): { rows: T[]; nextCursor: string | null } {
    const page = rows.slice(0, limit);
    if (rows.length <= limit) return { rows: page, nextCursor: null };
    const last = key(page[page.length - 1]);
    return { rows: page, nextCursor: `${last.time.getTime()}_${last.id}` };
  },
};
