/**
 * A ticker's Alpha158 factors (ml/markets/alpha158, Qlib's definitions) for its newest bars. Bars are read as
 * `markets.bars` reads them, with 60 more bars before the first row so every window is full where history
 * allows (Qlib's windows reach 60 bars back); without a volume series the volume factors are null.
 */
import type { DbOrTx } from "@/db/client";
import { ValidationError } from "@/server/http/errors";
import { ALPHA158_NAMES, computeAlpha158 } from "@/ml/markets/alpha158";
import { tickerFactorsInputSchema, type TickerFactors, type TickerFactorsInput } from "./schemas";
import { tickerBars } from "./ticker-bars";

const WARM_UP_BARS = 60;

export async function tickerFactors(db: DbOrTx, params: TickerFactorsInput): Promise<TickerFactors> {
  const { assetId, limit, names = ALPHA158_NAMES } = tickerFactorsInputSchema.parse(params);
  const unknown = names.findIndex((n) => !ALPHA158_NAMES.includes(n));
  if (unknown >= 0) {
    throw new ValidationError(`unknown Alpha158 factor "${names[unknown]}" (names are Qlib's, e.g. "ROC5", "CORD60")`, { field: "names", row: unknown });
  }
  const { bars, totalBars, hasVolume } = await tickerBars(db, { assetId, limit: limit + WARM_UP_BARS });
  const col = (f: (b: (typeof bars)[number]) => number | null) => Float64Array.from(bars, (b) => f(b) ?? NaN);
  const factors = computeAlpha158({
    open: col((b) => b.open),
    high: col((b) => b.high),
    low: col((b) => b.low),
    close: col((b) => b.close),
    volume: col((b) => b.volume),
  });
  const picked = names.map((n) => factors.columns[factors.names.indexOf(n)]);
  const first = Math.max(0, bars.length - limit);
  const rows = bars.slice(first).map((b, k) => ({
    ts: b.ts,
    values: picked.map((c) => (Number.isFinite(c[first + k]) ? c[first + k] : null)),
  }));
  return { names: [...names], rows, totalBars, hasVolume };
}
