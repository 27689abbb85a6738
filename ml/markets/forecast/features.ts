/**
 * Features of a ticker's bars for the global return model, as blocks `(bars) → { names, columns }` (one column
 * per feature, one value per bar, NaN where undefined; every value at bar t uses bars ≤ t only). The TTR block
 * is built from ml/indicators (equal to R's TTR); another block — e.g. Alpha158 (`computeAlpha158(bars)`, the
 * same shape) — is added by passing it in `blocks`, with no change here.
 */
import { bbands, ema, macd, roc, rsi, sma } from "../../indicators";
import { ewmaVolatility } from "./backtest";

export interface FeatureBars {
  close: Float64Array;
  high?: Float64Array;
  low?: Float64Array;
  volume?: Float64Array;
}

export interface FeatureColumns {
  names: string[];
  columns: Float64Array[];
}

export type FeatureBlock = (bars: FeatureBars) => FeatureColumns;

/** Price-relative TTR indicators of the close (scale-free, so one model can pool tickers). */
export const ttrFeatures: FeatureBlock = ({ close }) => {
  const rel = (a: Float64Array) => a.map((v, t) => v / close[t] - 1);
  const m = macd(close);
  const bb = bbands(close);
  const names = ["roc1", "roc5", "roc20", "roc60", "rsi14", "macd", "macdSignal", "bbPctB", "sma20Rel", "sma50Rel", "ema20Rel", "vol20"];
  const columns = [
    roc(close, { n: 1, type: "continuous" }),
    roc(close, { n: 5, type: "continuous" }),
    roc(close, { n: 20, type: "continuous" }),
    roc(close, { n: 60, type: "continuous" }),
    rsi(close, 14).map((v) => v / 100),
    m.macd,
    m.signal,
    bb.pctB,
    rel(sma(close, 20)),
    rel(sma(close, 50)),
    rel(ema(close, 20)),
    ewmaVolatility(close.map(Math.log)),
  ];
  return { names, columns };
};

export function buildFeatures(bars: FeatureBars, blocks: readonly FeatureBlock[] = [ttrFeatures]): FeatureColumns {
  const names: string[] = [];
  const columns: Float64Array[] = [];
  for (const b of blocks) {
    const f = b(bars);
    names.push(...f.names);
    columns.push(...f.columns);
  }
  return { names, columns };
}
