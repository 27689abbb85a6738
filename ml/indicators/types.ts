/** Input shapes for ml/indicators. Batch functions take arrays (Float64Array or number[]); states take one bar. */

/** A price series, one value per bar. Leading NaNs are skipped like TTR's leading NAs. */
export type Series = ArrayLike<number>;

/** High, low and close columns of equal length. */
export interface HLC {
  high: Series;
  low: Series;
  close: Series;
}

/** Close and volume columns of equal length (OBV). */
export interface CloseVolume {
  close: Series;
  volume: Series;
}

/** One bar for an incremental state. */
export interface HLCBar {
  high: number;
  low: number;
  close: number;
}

/** One bar with volume (OBV). */
export interface CloseVolumeBar {
  close: number;
  volume: number;
}

/** What a price-series state accepts: the value itself, or a bar whose `close` is used. */
export type PriceInput = number | { close: number };

/** Single-output incremental indicator: `update` takes the newest bar and returns the newest value (NaN while warming up). */
export interface IndicatorState<In, Out> {
  update(input: In): Out;
  /** Bars seen so far. */
  readonly length: number;
}
