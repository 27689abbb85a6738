/** TTR `CCI(HLC, n = 20, c = 0.015)`: commodity channel index on the typical price. */
import type { HLC, HLCBar, IndicatorState, Series } from "./types";
import { sma } from "./moving-averages";
import { LeadingGuard, RollingSum, checkBar, checkWindow, leadingNaNs, nanArray, typicalPrice } from "./window";

export interface CciOptions {
  n?: number;
  c?: number;
}

function isHLC(x: HLC | Series): x is HLC {
  return typeof (x as HLC).close === "object";
}

/**
 * (p − SMA(p, n))/(c · meanDev) with p the typical price (or the series given) and meanDev the mean absolute
 * deviation of the window from the current SMA (TTR `runMAD(stat = "mean", center = mavg)`).
 */
export function cci(input: HLC | Series, options: CciOptions = {}): Float64Array {
  const n = options.n ?? 20;
  const c = options.c ?? 0.015;
  checkWindow(n);
  const p = isHLC(input) ? typicalPrice(input) : input;
  const first = leadingNaNs(p, "price");
  const mavg = sma(p, n);
  const out = nanArray(p.length);
  for (let i = first + n - 1; i < p.length; i++) {
    let dev = 0;
    for (let j = i - n + 1; j <= i; j++) dev += Math.abs(p[j] - mavg[i]);
    out[i] = (p[i] - mavg[i]) / (c * (dev / n));
  }
  return out;
}

/**
 * Incremental `cci`. The mean absolute deviation is around the newest mean, so it is summed over the window on
 * every update: O(n) per bar (the SMA itself is O(1)).
 */
export class CciState implements IndicatorState<HLCBar | number, number> {
  private readonly sum: RollingSum;
  private readonly guard = new LeadingGuard();
  private readonly c: number;
  length = 0;
  constructor(options: CciOptions = {}) {
    const n = options.n ?? 20;
    checkWindow(n);
    this.sum = new RollingSum(n);
    this.c = options.c ?? 0.015;
  }
  update(input: HLCBar | number): number {
    const row = this.length++;
    let p: number;
    if (typeof input === "number") {
      p = input;
      if (this.guard.skip(p, row, "price")) return Number.NaN;
    } else {
      checkBar(input, row);
      p = (input.high + input.low + input.close) / 3;
    }
    this.sum.push(p);
    if (!this.sum.full) return Number.NaN;
    const n = this.sum.n;
    const mavg = this.sum.value / n;
    const w = this.sum.window;
    let dev = 0;
    for (let j = 0; j < n; j++) dev += Math.abs(w.at(j) - mavg);
    return (p - mavg) / (this.c * (dev / n));
  }
}
