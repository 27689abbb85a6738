/** TTR `MACD(x, nFast = 12, nSlow = 26, nSig = 9, percent = TRUE)` with EMA (ratio 2/(n+1)) throughout. */
import type { IndicatorState, PriceInput, Series } from "./types";
import { EmaState, ema } from "./moving-averages";
import { checkWindow, priceOf } from "./window";

export interface MacdOptions {
  nFast?: number;
  nSlow?: number;
  nSig?: number;
  /** 100·(fast/slow − 1) when true (TTR's default), fast − slow when false. */
  percent?: boolean;
}

export interface MacdValue {
  macd: number;
  signal: number;
}

function resolve(o: MacdOptions) {
  const nFast = o.nFast ?? 12;
  const nSlow = o.nSlow ?? 26;
  const nSig = o.nSig ?? 9;
  checkWindow(nFast, "nFast");
  checkWindow(nSlow, "nSlow");
  checkWindow(nSig, "nSig");
  return { nFast, nSlow, nSig, percent: o.percent ?? true };
}

function combine(fast: number, slow: number, percent: boolean): number {
  return percent ? 100 * (fast / slow - 1) : fast - slow;
}

/** Batch MACD: the line from index first + max(nFast, nSlow) − 1, the signal (EMA nSig of it) nSig − 1 later. */
export function macd(x: Series, options: MacdOptions = {}): { macd: Float64Array; signal: Float64Array } {
  const o = resolve(options);
  const fast = ema(x, o.nFast);
  const slow = ema(x, o.nSlow);
  const line = new Float64Array(x.length);
  for (let i = 0; i < line.length; i++) line[i] = combine(fast[i], slow[i], o.percent);
  return { macd: line, signal: ema(line, o.nSig) };
}

/** Incremental `macd`. */
export class MacdState implements IndicatorState<PriceInput, MacdValue> {
  private readonly fast: EmaState;
  private readonly slow: EmaState;
  private readonly sig: EmaState;
  private readonly percent: boolean;
  length = 0;
  constructor(options: MacdOptions = {}) {
    const o = resolve(options);
    this.fast = new EmaState(o.nFast);
    this.slow = new EmaState(o.nSlow);
    this.sig = new EmaState(o.nSig);
    this.percent = o.percent;
  }
  update(input: PriceInput): MacdValue {
    const x = priceOf(input);
    this.length++;
    const line = combine(this.fast.update(x), this.slow.update(x), this.percent);
    return { macd: line, signal: this.sig.update(line) };
  }
}
