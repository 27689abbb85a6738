/**
 * Technical indicators equal to R's TTR package (0.24): batch functions over arrays (NaN where TTR gives NA)
 * and incremental states whose `update(bar)` returns the newest values. See README.md for formulas and the
 * TTR conventions matched.
 */
export type { CloseVolume, CloseVolumeBar, HLC, HLCBar, IndicatorState, PriceInput, Series } from "./types";
/** Simple, exponential (TTR or Wilder ratio, SMA-seeded) and linearly weighted moving averages. */
export { sma, SmaState, ema, EmaState, wma, WmaState, type EmaOptions } from "./moving-averages";
/** MACD line and signal, percent (TTR default) or absolute. */
export { macd, MacdState, type MacdOptions, type MacdValue } from "./macd";
/** Wilder's RSI (0–100). */
export { rsi, RsiState } from "./rsi";
/** Bollinger bands on the typical price (or a series), population sd: dn, mavg, up, pctB. */
export { bbands, BBandsState, type BBandsOptions, type BBandsValue } from "./bbands";
/** True range and Wilder's average true range, with trueHigh/trueLow. */
export { atr, AtrState, type AtrValue } from "./atr";
/** Stochastic oscillator fastK, fastD, slowD (0–1 scale). */
export { stoch, StochState, type StochOptions, type StochValue } from "./stoch";
/** On-balance volume. */
export { obv, ObvState } from "./obv";
/** Rate of change, continuous (log) or discrete. */
export { roc, RocState, type RocOptions, type RocType } from "./roc";
/** Commodity channel index. */
export { cci, CciState, type CciOptions } from "./cci";
/** Williams %R on TTR's scale: (high − close)/(high − low), 0 at the high, 1 at the low. */
export { wpr, WprState } from "./wpr";
/** Directional movement: DIp, DIn, DX and ADX (Wilder). */
export { adx, AdxState, type AdxValue } from "./adx";
