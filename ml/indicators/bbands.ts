/** TTR `BBands(HLC, n = 20, sd = 2)`: SMA of the typical price ± sd population standard deviations. */
import type { HLC, HLCBar, IndicatorState, Series } from "./types";
import { LeadingGuard, RollingMoments, RollingSum, checkBar, checkWindow, leadingNaNs, nanArray, typicalPrice } from "./window";
import { sma } from "./moving-averages";

export interface BBandsOptions {
  n?: number;
  /** Band half-width in standard deviations. */
  sd?: number;
}

export interface BBandsValue {
  dn: number;
  mavg: number;
  up: number;
  /** (price − dn)/(up − dn). */
  pctB: number;
}

function isHLC(x: HLC | Series): x is HLC {
  return typeof (x as HLC).close === "object";
}

/**
 * Bands on the typical price (high + low + close)/3 when given HLC columns, on the series itself when given
 * one (TTR accepts both). The standard deviation divides by n (`runSD(sample = FALSE)`).
 */
export function bbands(
  input: HLC | Series,
  options: BBandsOptions = {},
): { dn: Float64Array; mavg: Float64Array; up: Float64Array; pctB: Float64Array } {
  const n = options.n ?? 20;
  const k = options.sd ?? 2;
  checkWindow(n);
  const p = isHLC(input) ? typicalPrice(input) : input;
  const first = leadingNaNs(p, "price");
  const len = p.length;
  const mavg = sma(p, n);
  const dn = nanArray(len);
  const up = nanArray(len);
  const pctB = nanArray(len);
  for (let i = first + n - 1; i < len; i++) {
    // Two passes over the window, as TTR's runSD does.
    let s = 0;
    for (let j = i - n + 1; j <= i; j++) s += p[j];
    const mu = s / n;
    let m2 = 0;
    for (let j = i - n + 1; j <= i; j++) m2 += (p[j] - mu) * (p[j] - mu);
    const sdev = Math.sqrt(m2 / n);
    dn[i] = mavg[i] - k * sdev;
    up[i] = mavg[i] + k * sdev;
    pctB[i] = (p[i] - dn[i]) / (up[i] - dn[i]);
  }
  return { dn, mavg, up, pctB };
}

/** Incremental `bbands`: a bar (typical price) or a number (the price itself). */
export class BBandsState implements IndicatorState<HLCBar | number, BBandsValue> {
  private readonly sum: RollingSum;
  private readonly moments: RollingMoments;
  private readonly k: number;
  private readonly guard = new LeadingGuard();
  length = 0;
  constructor(options: BBandsOptions = {}) {
    const n = options.n ?? 20;
    checkWindow(n);
    this.sum = new RollingSum(n);
    this.moments = new RollingMoments(n);
    this.k = options.sd ?? 2;
  }
  update(input: HLCBar | number): BBandsValue {
    const row = this.length++;
    let p: number;
    if (typeof input === "number") {
      p = input;
      if (this.guard.skip(p, row, "price")) {
        return { dn: Number.NaN, mavg: Number.NaN, up: Number.NaN, pctB: Number.NaN };
      }
    } else {
      checkBar(input, row);
      p = (input.high + input.low + input.close) / 3;
    }
    this.sum.push(p);
    this.moments.push(p);
    const mavg = this.sum.value / this.sum.n;
    const sdev = this.moments.sd;
    const dn = mavg - this.k * sdev;
    const up = mavg + this.k * sdev;
    return { dn, mavg, up, pctB: (p - dn) / (up - dn) };
  }
}
