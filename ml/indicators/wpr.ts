/** TTR `WPR(HLC, n = 14)`: Williams %R on TTR's scale. */
import type { HLC, HLCBar, IndicatorState } from "./types";
import { RollingExtreme, checkBar, checkHLC, checkWindow, nanArray, rollingExtreme } from "./window";

/**
 * (max(high, n) − close)/(max(high, n) − min(low, n)): 0 at the window's high, 1 at its low. This is TTR's
 * scale; the textbook %R is −100 times this value. A flat window (0/0) gives 0.5, as in TTR.
 */
function pctR(close: number, hmax: number, lmin: number): number {
  const r = (hmax - close) / (hmax - lmin);
  return Number.isNaN(r) ? 0.5 : r;
}

export function wpr(hlc: HLC, n = 14): Float64Array {
  checkWindow(n);
  const len = checkHLC(hlc);
  const hmax = rollingExtreme(hlc.high, n, true);
  const lmin = rollingExtreme(hlc.low, n, false);
  const out = nanArray(len);
  for (let i = n - 1; i < len; i++) out[i] = pctR(hlc.close[i], hmax[i], lmin[i]);
  return out;
}

/** Incremental `wpr`. */
export class WprState implements IndicatorState<HLCBar, number> {
  private readonly hmax: RollingExtreme;
  private readonly lmin: RollingExtreme;
  length = 0;
  constructor(readonly n = 14) {
    checkWindow(n);
    this.hmax = new RollingExtreme(n, true);
    this.lmin = new RollingExtreme(n, false);
  }
  update(bar: HLCBar): number {
    checkBar(bar, this.length++);
    this.hmax.push(bar.high);
    this.lmin.push(bar.low);
    const hmax = this.hmax.value;
    return Number.isNaN(hmax) ? Number.NaN : pctR(bar.close, hmax, this.lmin.value);
  }
}
