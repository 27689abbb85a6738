/**
 * A ticker's daily bars: its open/high/low/close (and volume) series read together in one query, joined on the
 * timestamp. A bar exists where all four prices do (a missing high on one day drops that day rather than
 * drawing a candle without a wick); volume is joined where present.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { DbOrTx } from "@/db/client";
import { observations } from "@/db/schema";
import { getAsset, listSeries } from "@/server/assets";
import { ValidationError } from "@/server/http/errors";
import { tickerBarsInputSchema, type TickerBar, type TickerBars, type TickerBarsInput } from "./schemas";

const OHLC = ["open", "high", "low", "close"] as const;
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

export async function tickerBars(db: DbOrTx, params: TickerBarsInput): Promise<TickerBars> {
  const { assetId, limit } = tickerBarsInputSchema.parse(params);
  await getAsset(db, { idOrSlug: assetId });
  const all = await listSeries(db, { assetId });
  const byMetric = new Map(all.map((s) => [s.metric, s.id]));
  const missing = OHLC.filter((m) => !byMetric.has(m));
  if (missing.length > 0) {
    throw new ValidationError(
      `the asset has no complete OHLC series: missing ${missing.map((m) => `"${m}"`).join(", ")} (it has ${all.map((s) => s.metric).join(", ") || "no series"})`,
      { field: "assetId" },
    );
  }
  const volumeId = byMetric.get("volume");
  const [o, h, l, c, v] = ["o", "h", "l", "c", "v"].map((name) => alias(observations, name));
  const on = (t: typeof o, metric: string) => and(eq(t.seriesId, byMetric.get(metric)!), eq(t.ts, c.ts));
  const rows = await db
    .select({
      ts: c.ts,
      open: o.value,
      high: h.value,
      low: l.value,
      close: c.value,
      volume: v.value,
      // Counted before the limit: every complete bar in the history.
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(c)
    .innerJoin(o, on(o, "open"))
    .innerJoin(h, on(h, "high"))
    .innerJoin(l, on(l, "low"))
    // Without a volume series the join matches nothing (no series has the nil id) and volume is null.
    .leftJoin(v, and(eq(v.seriesId, volumeId ?? NIL_UUID), eq(v.ts, c.ts)))
    .where(eq(c.seriesId, byMetric.get("close")!))
    .orderBy(desc(c.ts))
    .limit(limit);
  const bars: TickerBar[] = rows.reverse().map((r) => ({ ts: r.ts, open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume }));
  return {
    totalBars: rows[0]?.total ?? 0,
    hasVolume: volumeId !== undefined && bars.every((b) => b.volume !== null),
    bars,
  };
}
