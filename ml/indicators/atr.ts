/** TTR `ATR(HLC, n = 14)`: true range and its Wilder EMA. */
import type { HLC, HLCBar, IndicatorState } from "./types";
import { EmaState, ema } from "./moving-averages";
import { checkBar, checkHLC, checkWindow, nanArray } from "./window";

export interface AtrValue {
  tr: number;
  atr: number;
  trueHigh: number;
  trueLow: number;
}

/**
 * trueHigh = max(high, previous close), trueLow = min(low, previous close), tr = trueHigh − trueLow (all NaN
 * on the first bar, which has no previous close, as in TTR); atr = EMA(tr, n, wilder = TRUE), first at index n.
 */
export function atr(
  hlc: HLC,
  n = 14,
): { tr: Float64Array; atr: Float64Array; trueHigh: Float64Array; trueLow: Float64Array } {
  checkWindow(n);
  const len = checkHLC(hlc);
  const trueHigh = nanArray(len);
  const trueLow = nanArray(len);
  const tr = nanArray(len);
  for (let i = 1; i < len; i++) {
    const pc = hlc.close[i - 1];
    trueHigh[i] = Math.max(hlc.high[i], pc);
    trueLow[i] = Math.min(hlc.low[i], pc);
    tr[i] = trueHigh[i] - trueLow[i];
  }
  return { tr, atr: ema(tr, n, { wilder: true }), trueHigh, trueLow };
}

/** Incremental `atr`. */
export class AtrState implements IndicatorState<HLCBar, AtrValue> {
  private readonly avg: EmaState;
  private prevClose = Number.NaN;
  length = 0;
  constructor(readonly n = 14) {
    checkWindow(n);
    this.avg = new EmaState(n, { wilder: true });
  }
  update(bar: HLCBar): AtrValue {
    checkBar(bar, this.length++);
    const pc = this.prevClose;
    this.prevClose = bar.close;
    if (Number.isNaN(pc)) return { tr: Number.NaN, atr: this.avg.update(Number.NaN), trueHigh: Number.NaN, trueLow: Number.NaN };
    const trueHigh = Math.max(bar.high, pc);
    const trueLow = Math.min(bar.low, pc);
    const tr = trueHigh - trueLow;
    return { tr, atr: this.avg.update(tr), trueHigh, trueLow };
  }
}
