/**
 * One pull of a configured source: fetch the feed (HTTPS, SSRF-checked, size-capped), keep points inside the
 * requested window (after the stored cursor by default), write them through the shared ingest path, and
 * advance the cursor to the newest ingested timestamp.
 */
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ingestSources } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { safeFetch } from "@/server/net/safe-fetch";
import { parseFeed } from "./parse-feed";

export type IngestSource = typeof ingestSources.$inferSelect;

export interface PullOptions {
  /** Inclusive lower bound (ms); default: just after the cursor. */
  fromMs?: number;
  /** Exclusive upper bound (ms). */
  toMs?: number;
  /** Whether to move the cursor forward (backfills of old gaps do not). */
  advanceCursor?: boolean;
  maxBytes: number;
  allowHosts: string[];
  fetchImpl?: typeof fetch;
  resolve?: (host: string) => Promise<string[]>;
}

export async function getSource(db: Db, sourceId: string): Promise<IngestSource> {
  const [row] = await db.select().from(ingestSources).where(eq(ingestSources.id, sourceId));
  if (!row) throw new NotFoundError("ingest source", sourceId);
  return row;
}

export async function pullSource(db: Db, source: IngestSource, opts: PullOptions) {
  const fromMs = opts.fromMs ?? (source.cursor ? new Date(source.cursor).getTime() + 1 : -Infinity);
  const url = new URL(source.url);
  if (source.sinceParam && Number.isFinite(fromMs)) url.searchParams.set(source.sinceParam, new Date(fromMs).toISOString());
  try {
    const { bytes } = await safeFetch(url.toString(), { maxBytes: opts.maxBytes, allowHosts: opts.allowHosts, fetchImpl: opts.fetchImpl, resolve: opts.resolve });
    const all = parseFeed(new TextDecoder().decode(bytes), source);
    const points = all.filter((p) => p.tsMs >= fromMs && (opts.toMs === undefined || p.tsMs < opts.toMs));
    const newest = points.reduce((m, p) => Math.max(m, p.tsMs), -Infinity);
    const advance = (opts.advanceCursor ?? true) && Number.isFinite(newest);
    const cursor = advance ? new Date(newest).toISOString() : source.cursor;
    let inserted = 0;
    if (points.length) {
      const res = await ingestBatch(db, { assetId: source.assetId, source: `source:${source.name}`, series: [{ metric: source.metric, points }], cursor });
      inserted = res.rowsInserted;
    }
    await db.update(ingestSources).set({ cursor, lastRunAt: new Date(), lastError: null }).where(eq(ingestSources.id, source.id));
    return { fetched: all.length, kept: points.length, inserted, cursor };
  } catch (err) {
    await db
      .update(ingestSources)
      .set({ lastRunAt: new Date(), lastError: err instanceof Error ? err.message : String(err) })
      .where(eq(ingestSources.id, source.id));
    throw err;
  }
}
