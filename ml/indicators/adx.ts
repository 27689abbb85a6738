/** TTR `ADX(HLC, n = 14)`: Welles Wilder's directional movement index. */
import type { HLC, HLCBar, IndicatorState } from "./types";
import { EmaState, ema } from "./moving-averages";
import { checkBar, checkHLC, checkWindow, nanArray } from "./window";

export interface AdxValue {
  DIp: number;
  DIn: number;
  DX: number;
  ADX: number;
}

/** +DM and −DM as TTR computes them: zero when the moves tie or both are negative, else the larger one. */
function directional(dH: number, dL: number): [number, number] {
  if (dH === dL || (dH < 0 && dL < 0)) return [0, 0];
  return [dH > dL ? dH : 0, dH < dL ? dL : 0];
}

/**
 * TTR `wilderSum(x, n)` from index `first`: w[first+n−1] = x[first+n−1] + (1 − 1/n)·Σ x[first … first+n−2],
 * then w[i] = x[i] + (1 − 1/n)·w[i−1].
 */
function wilderSum(x: Float64Array, n: number, first: number): Float64Array {
  const out = nanArray(x.length);
  if (first + n > x.length) return out;
  const k = 1 - 1 / n;
  let s = 0;
  for (let i = first; i < first + n - 1; i++) s += x[i];
  let w = x[first + n - 1] + s * k;
  out[first + n - 1] = w;
  for (let i = first + n; i < x.length; i++) {
    w = x[i] + w * k;
    out[i] = w;
  }
  return out;
}

/**
 * DIp/DIn = 100·wilderSum(±DM)/wilderSum(TR) (first at index n), DX = 100·|DIp − DIn|/(DIp + DIn),
 * ADX = EMA(DX, n, wilder = TRUE) (first at index 2n − 1).
 */
export function adx(hlc: HLC, n = 14): { DIp: Float64Array; DIn: Float64Array; DX: Float64Array; ADX: Float64Array } {
  checkWindow(n);
  const len = checkHLC(hlc);
  const dmp = nanArray(len);
  const dmn = nanArray(len);
  const tr = nanArray(len);
  for (let i = 1; i < len; i++) {
    [dmp[i], dmn[i]] = directional(hlc.high[i] - hlc.high[i - 1], hlc.low[i - 1] - hlc.low[i]);
    const pc = hlc.close[i - 1];
    tr[i] = Math.max(hlc.high[i], pc) - Math.min(hlc.low[i], pc);
  }
  const trSum = wilderSum(tr, n, 1);
  const pSum = wilderSum(dmp, n, 1);
  const nSum = wilderSum(dmn, n, 1);
  const DIp = nanArray(len);
  const DIn = nanArray(len);
  const DX = nanArray(len);
  for (let i = 0; i < len; i++) {
    DIp[i] = (100 * pSum[i]) / trSum[i];
    DIn[i] = (100 * nSum[i]) / trSum[i];
    DX[i] = 100 * (Math.abs(DIp[i] - DIn[i]) / (DIp[i] + DIn[i]));
  }
  return { DIp, DIn, DX, ADX: ema(DX, n, { wilder: true }) };
}

/** Incremental `wilderSum` (the three sums of `adx`). */
class WilderSum {
  private seen = 0;
  private w = 0;
  private readonly k: number;
  constructor(private readonly n: number) {
    this.k = 1 - 1 / n;
  }
  update(x: number): number {
    this.seen++;
    if (this.seen < this.n) {
      this.w += x;
      return Number.NaN;
    }
    this.w = x + this.w * this.k;
    return this.w;
  }
}

/** Incremental `adx`. */
export class AdxState implements IndicatorState<HLCBar, AdxValue> {
  private readonly trSum: WilderSum;
  private readonly pSum: WilderSum;
  private readonly nSum: WilderSum;
  private readonly avg: EmaState;
  private prev: HLCBar | null = null;
  length = 0;
  constructor(readonly n = 14) {
    checkWindow(n);
    this.trSum = new WilderSum(n);
    this.pSum = new WilderSum(n);
    this.nSum = new WilderSum(n);
    this.avg = new EmaState(n, { wilder: true });
  }
  update(bar: HLCBar): AdxValue {
    checkBar(bar, this.length++);
    const prev = this.prev;
    this.prev = { high: bar.high, low: bar.low, close: bar.close };
    if (prev === null) return { DIp: Number.NaN, DIn: Number.NaN, DX: Number.NaN, ADX: this.avg.update(Number.NaN) };
    const [dmp, dmn] = directional(bar.high - prev.high, prev.low - bar.low);
    const tr = Math.max(bar.high, prev.close) - Math.min(bar.low, prev.close);
    const t = this.trSum.update(tr);
    const DIp = (100 * this.pSum.update(dmp)) / t;
    const DIn = (100 * this.nSum.update(dmn)) / t;
    const DX = 100 * (Math.abs(DIp - DIn) / (DIp + DIn));
    return { DIp, DIn, DX, ADX: this.avg.update(DX) };
  }
}
