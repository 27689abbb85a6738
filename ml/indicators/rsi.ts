/** TTR `RSI(price, n = 14)`: Wilder's RSI, i.e. EMA(wilder = TRUE) of gains and of losses. */
import type { IndicatorState, PriceInput, Series } from "./types";
import { EmaState, ema } from "./moving-averages";
import { LeadingGuard, checkWindow, leadingNaNs, priceOf } from "./window";

/**
 * 100·U/(U + D) with U, D Wilder EMAs (seeded with the mean of the first n changes) of the up and down
 * moves; the first value is at index first + n (one change is lost to differencing).
 */
export function rsi(price: Series, n = 14): Float64Array {
  checkWindow(n);
  const len = price.length;
  const first = leadingNaNs(price, "price");
  const up = new Float64Array(len).fill(Number.NaN);
  const dn = new Float64Array(len).fill(Number.NaN);
  for (let i = first + 1; i < len; i++) {
    const d = price[i] - price[i - 1];
    up[i] = d < 0 ? 0 : d;
    dn[i] = d < 0 ? -d : 0;
  }
  const u = ema(up, n, { wilder: true });
  const v = ema(dn, n, { wilder: true });
  const out = new Float64Array(len);
  for (let i = 0; i < len; i++) out[i] = (100 * u[i]) / (u[i] + v[i]);
  return out;
}

/** Incremental `rsi`. */
export class RsiState implements IndicatorState<PriceInput, number> {
  private readonly up: EmaState;
  private readonly dn: EmaState;
  private readonly guard = new LeadingGuard();
  private prev = Number.NaN;
  length = 0;
  constructor(readonly n = 14) {
    checkWindow(n);
    this.up = new EmaState(n, { wilder: true });
    this.dn = new EmaState(n, { wilder: true });
  }
  update(input: PriceInput): number {
    const x = priceOf(input);
    const row = this.length++;
    if (this.guard.skip(x, row, "price")) return Number.NaN;
    const prev = this.prev;
    this.prev = x;
    if (Number.isNaN(prev)) return Number.NaN;
    const d = x - prev;
    const u = this.up.update(d < 0 ? 0 : d);
    const v = this.dn.update(d < 0 ? -d : 0);
    return (100 * u) / (u + v);
  }
}
