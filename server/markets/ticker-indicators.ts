/**
 * A ticker's bars with its technical indicators (ml/indicators, equal to R's TTR): the asset's open/high/low/
 * close/volume series aligned by timestamp, every indicator computed over the whole history (EMA-type
 * indicators depend on where they start, as TTR's do) and the requested range returned.
 */
import type { DbOrTx } from "@/db/client";
import { adx, atr, bbands, ema, macd, obv, rsi, sma } from "@/ml/indicators";
import { listSeries, readObservations } from "@/server/assets";
import { ValidationError } from "@/server/http/errors";
import type { IndicatorBar, TickerIndicators, TickerIndicatorsInput } from "./schemas";

const DEFAULT_BARS = 250;
const fin = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

export async function tickerIndicators(db: DbOrTx, params: TickerIndicatorsInput): Promise<TickerIndicators> {
  const all = await listSeries(db, { assetId: params.assetId });
  const byMetric = new Map(all.map((s) => [s.metric, s]));
  const closeSeries = byMetric.get("close") ?? byMetric.get("adj_close");
  if (!closeSeries) throw new ValidationError(`the asset has no "close" series (it has ${all.map((s) => s.metric).join(", ") || "none"})`, { field: "assetId" });
  const read = async (metric: string) => {
    const s = byMetric.get(metric);
    return s ? new Map((await readObservations(db, { seriesId: s.id, limit: 1_000_000 })).map((o) => [o.ts.getTime(), o.value])) : undefined;
  };
  const closeRows = await readObservations(db, { seriesId: closeSeries.id, limit: 1_000_000 });
  const [open, high, low, volume] = await Promise.all([read("open"), read("high"), read("low"), read("volume")]);
  const ts = closeRows.map((o) => o.ts.getTime());
  const close = Float64Array.from(closeRows, (o) => o.value);
  const col = (m: Map<number, number> | undefined) => (m ? Float64Array.from(ts, (t) => m.get(t) ?? NaN) : undefined);
  const [o, h, l, v] = [col(open), col(high), col(low), col(volume)];
  const hasRange = Boolean(h && l && ts.every((_, i) => Number.isFinite(h![i]) && Number.isFinite(l![i])));
  const hasVolume = Boolean(v && ts.every((_, i) => Number.isFinite(v![i])));
  const len = close.length;
  // Each indicator needs its window of bars; shorter histories leave it empty (NaN) rather than failing.
  const safe = <T>(need: number, fn: () => T): T | undefined => (len >= need ? fn() : undefined);
  const sma20 = safe(20, () => sma(close, 20));
  const sma50 = safe(50, () => sma(close, 50));
  const ema20 = safe(20, () => ema(close, 20));
  const bb = safe(20, () => bbands(hasRange ? { high: h!, low: l!, close } : close));
  const rsi14 = safe(15, () => rsi(close, 14));
  const m = safe(35, () => macd(close));
  const hlc = hasRange ? { high: h!, low: l!, close } : undefined;
  const atr14 = hlc ? safe(15, () => atr(hlc, 14)) : undefined;
  const adx14 = hlc ? safe(29, () => adx(hlc, 14)) : undefined;
  const obvs = hasVolume ? obv({ close, volume: v! }) : undefined;

  let from = 0;
  let to = len - 1;
  if (params.from || params.to) {
    const fromMs = params.from?.getTime() ?? -Infinity;
    const toMs = params.to?.getTime() ?? Infinity;
    from = ts.findIndex((t) => t >= fromMs);
    if (from < 0) from = len;
    while (to >= 0 && ts[to] > toMs) to--;
  } else {
    from = Math.max(0, len - DEFAULT_BARS);
  }
  const bars: IndicatorBar[] = [];
  for (let i = from; i <= to; i++) {
    bars.push({
      ts: new Date(ts[i]),
      open: fin(o?.[i]),
      high: fin(h?.[i]),
      low: fin(l?.[i]),
      close: close[i],
      volume: fin(v?.[i]),
      sma20: fin(sma20?.[i]),
      sma50: fin(sma50?.[i]),
      ema20: fin(ema20?.[i]),
      bbDn: fin(bb?.dn[i]),
      bbMavg: fin(bb?.mavg[i]),
      bbUp: fin(bb?.up[i]),
      rsi14: fin(rsi14?.[i]),
      macd: fin(m?.macd[i]),
      macdSignal: fin(m?.signal[i]),
      atr14: fin(atr14?.atr[i]),
      adx14: fin(adx14?.ADX[i]),
      obv: fin(obvs?.[i]),
    });
  }
  return { hasRange, hasVolume, totalBars: len, bars };
}
