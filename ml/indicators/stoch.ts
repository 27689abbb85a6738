/** TTR `stoch(HLC, nFastK = 14, nFastD = 3, nSlowD = 3)` with SMA smoothing, on TTR's 0–1 scale. */
import type { HLC, HLCBar, IndicatorState } from "./types";
import { SmaState, sma } from "./moving-averages";
import { RollingExtreme, checkBar, checkHLC, checkWindow, nanArray, rollingExtreme } from "./window";

export interface StochOptions {
  nFastK?: number;
  nFastD?: number;
  nSlowD?: number;
}

export interface StochValue {
  fastK: number;
  fastD: number;
  slowD: number;
}

function resolve(o: StochOptions) {
  const nFastK = o.nFastK ?? 14;
  const nFastD = o.nFastD ?? 3;
  const nSlowD = o.nSlowD ?? 3;
  checkWindow(nFastK, "nFastK");
  checkWindow(nFastD, "nFastD");
  checkWindow(nSlowD, "nSlowD");
  return { nFastK, nFastD, nSlowD };
}

function fastKOf(close: number, hmax: number, lmin: number): number {
  const den = hmax - lmin;
  if (den === 0) return 0.5;
  return (close - lmin) / den;
}

/**
 * fastK = (close − min(low, nFastK))/(max(high, nFastK) − min(low, nFastK)); a flat window (range 0) gives
 * 0.5 (TTR gives 0.5 for x/0 but leaves 0/0 as NaN, on which its SMA then stops). fastD = SMA(fastK, nFastD),
 * slowD = SMA(fastD, nSlowD).
 */
export function stoch(hlc: HLC, options: StochOptions = {}): { fastK: Float64Array; fastD: Float64Array; slowD: Float64Array } {
  const o = resolve(options);
  const len = checkHLC(hlc);
  const hmax = rollingExtreme(hlc.high, o.nFastK, true);
  const lmin = rollingExtreme(hlc.low, o.nFastK, false);
  const fastK = nanArray(len);
  for (let i = o.nFastK - 1; i < len; i++) fastK[i] = fastKOf(hlc.close[i], hmax[i], lmin[i]);
  const fastD = sma(fastK, o.nFastD);
  return { fastK, fastD, slowD: sma(fastD, o.nSlowD) };
}

/** Incremental `stoch`. */
export class StochState implements IndicatorState<HLCBar, StochValue> {
  private readonly hmax: RollingExtreme;
  private readonly lmin: RollingExtreme;
  private readonly fastD: SmaState;
  private readonly slowD: SmaState;
  length = 0;
  constructor(options: StochOptions = {}) {
    const o = resolve(options);
    this.hmax = new RollingExtreme(o.nFastK, true);
    this.lmin = new RollingExtreme(o.nFastK, false);
    this.fastD = new SmaState(o.nFastD);
    this.slowD = new SmaState(o.nSlowD);
  }
  update(bar: HLCBar): StochValue {
    checkBar(bar, this.length++);
    this.hmax.push(bar.high);
    this.lmin.push(bar.low);
    const hmax = this.hmax.value;
    const fastK = Number.isNaN(hmax) ? Number.NaN : fastKOf(bar.close, hmax, this.lmin.value);
    const fastD = this.fastD.update(fastK);
    return { fastK, fastD, slowD: this.slowD.update(fastD) };
  }
}
