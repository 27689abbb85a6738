/** SMA, EMA (TTR's ratio 2/(n+1), or Wilder's 1/n) and WMA (weights 1..n), batch and incremental. */
import type { IndicatorState, PriceInput, Series } from "./types";
import { LeadingGuard, RollingSum, Ring, checkWindow, leadingNaNs, nanArray, priceOf, rollingSum } from "./window";

/** TTR `SMA(x, n)`: mean of the last n values; NaN for the first n - 1 (after any leading NaNs). */
export function sma(x: Series, n: number): Float64Array {
  checkWindow(n);
  const first = leadingNaNs(x, "x");
  const s = rollingSum(x, n, first);
  for (let i = 0; i < s.length; i++) s[i] /= n;
  return s;
}

/** Incremental `sma`. */
export class SmaState implements IndicatorState<PriceInput, number> {
  private readonly sum: RollingSum;
  private readonly guard = new LeadingGuard();
  length = 0;
  constructor(readonly n: number) {
    checkWindow(n);
    this.sum = new RollingSum(n);
  }
  update(input: PriceInput): number {
    const x = priceOf(input);
    const row = this.length++;
    if (this.guard.skip(x, row, "x")) return Number.NaN;
    this.sum.push(x);
    return this.sum.value / this.n;
  }
}

export interface EmaOptions {
  /** Wilder's smoothing ratio 1/n instead of 2/(n + 1) (TTR `wilder = TRUE`). */
  wilder?: boolean;
}

function emaRatio(n: number, wilder: boolean | undefined): number {
  return wilder ? 1 / n : 2 / (n + 1);
}

/**
 * TTR `EMA(x, n, wilder)`: seeded with the mean of the first n values (at index first + n - 1), then
 * e[i] = x[i]·r + e[i-1]·(1 - r). NaN before the seed; all NaN when there are fewer than n values (TTR errors).
 */
export function ema(x: Series, n: number, options: EmaOptions = {}): Float64Array {
  checkWindow(n);
  const len = x.length;
  const out = nanArray(len);
  const first = leadingNaNs(x, "x");
  if (first + n > len) return out;
  const r = emaRatio(n, options.wilder);
  let seed = 0;
  for (let i = first; i < first + n; i++) seed += x[i];
  let e = seed / n;
  out[first + n - 1] = e;
  for (let i = first + n; i < len; i++) {
    e = x[i] * r + e * (1 - r);
    out[i] = e;
  }
  return out;
}

/** Incremental `ema`. */
export class EmaState implements IndicatorState<PriceInput, number> {
  private readonly r: number;
  private readonly guard = new LeadingGuard();
  private seen = 0;
  private acc = 0;
  private e = Number.NaN;
  length = 0;
  constructor(
    readonly n: number,
    options: EmaOptions = {},
  ) {
    checkWindow(n);
    this.r = emaRatio(n, options.wilder);
  }
  update(input: PriceInput): number {
    const x = priceOf(input);
    const row = this.length++;
    if (this.guard.skip(x, row, "x")) return Number.NaN;
    this.seen++;
    if (this.seen < this.n) {
      this.acc += x;
    } else if (this.seen === this.n) {
      this.e = (this.acc + x) / this.n;
    } else {
      this.e = x * this.r + this.e * (1 - this.r);
    }
    return this.e;
  }
  /** The current value (NaN while warming up). */
  get value(): number {
    return this.e;
  }
}

/** TTR `WMA(x, n)` with its default weights 1..n (the newest value weighs n). */
export function wma(x: Series, n: number): Float64Array {
  checkWindow(n);
  const len = x.length;
  const out = nanArray(len);
  const first = leadingNaNs(x, "x");
  const wsum = (n * (n + 1)) / 2;
  for (let i = first + n - 1; i < len; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += (j + 1) * x[i - n + 1 + j];
    out[i] = s / wsum;
  }
  return out;
}

/**
 * Incremental `wma`, O(1): with S the window sum and W = Σ j·x_j (j = 1 oldest … n newest), a new value x
 * gives W' = W − S + n·x and S' = S − x_old + x. Both are re-summed from the window every n updates.
 */
export class WmaState implements IndicatorState<PriceInput, number> {
  private readonly ring: Ring;
  private readonly guard = new LeadingGuard();
  private readonly wsum: number;
  private s = 0;
  private w = 0;
  private sinceResum = 0;
  length = 0;
  constructor(readonly n: number) {
    checkWindow(n);
    this.ring = new Ring(n);
    this.wsum = (n * (n + 1)) / 2;
  }
  update(input: PriceInput): number {
    const x = priceOf(input);
    const row = this.length++;
    if (this.guard.skip(x, row, "x")) return Number.NaN;
    const n = this.n;
    if (!this.ring.full) {
      this.ring.push(x);
      this.s += x;
      this.w += this.ring.count * x;
      return this.ring.full ? this.w / this.wsum : Number.NaN;
    }
    const old = this.ring.push(x);
    if (++this.sinceResum >= n) {
      this.sinceResum = 0;
      let s = 0;
      let w = 0;
      for (let j = 0; j < n; j++) {
        const v = this.ring.at(j);
        s += v;
        w += (j + 1) * v;
      }
      this.s = s;
      this.w = w;
    } else {
      this.w = this.w - this.s + n * x;
      this.s = this.s - old + x;
    }
    return this.w / this.wsum;
  }
}
