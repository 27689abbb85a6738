import { coverage, directionAccuracy, mae, smape, winklerScore } from "../metrics";
import type { Forecast } from "../types";
import type { BacktestResult } from "./rolling-origin";

/** Per-series MASE averaged over the windows the series took part in (NaN when none). */
export function seriesMase(r: BacktestResult): Float64Array {
  const nSeries = r.windows[0]?.actuals.length ?? 0;
  const out = new Float64Array(nSeries);
  for (let i = 0; i < nSeries; i++) {
    let s = 0;
    let c = 0;
    for (const w of r.windows) {
      const f = w.forecasts[i];
      if (!f) continue;
      const v = mae(w.actuals[i], f.mean) / w.scales[i];
      if (Number.isFinite(v)) { s += v; c++; }
    }
    out[i] = c ? s / c : NaN;
  }
  return out;
}

export interface Accuracy {
  smape: number;
  mase: number;
  /** MSIS at `level` (M4 uses 95). */
  msis: number;
  coverage: number;
  directionAccuracy: number;
  /** Series × windows that were scored. */
  count: number;
}

/** Mean accuracy over forecasts with known actuals; `scales` are the MASE denominators. */
export function accuracy(
  forecasts: Forecast[],
  actuals: Float64Array[],
  scales: ArrayLike<number>,
  lastObserved: ArrayLike<number>,
  level = 95,
): Accuracy {
  let sm = 0, ms = 0, si = 0, cv = 0, da = 0, c = 0, ci = 0;
  forecasts.forEach((f, i) => {
    const y = actuals[i];
    const a = smape(y, f.mean);
    const b = mae(y, f.mean) / scales[i];
    if (!Number.isFinite(a) || !Number.isFinite(b)) return;
    sm += a;
    ms += b;
    da += directionAccuracy(y, f.mean, lastObserved[i]);
    c++;
    const iv = f.intervals.find((x) => x.level === level);
    if (iv) {
      // MSIS (M4) = mean Winkler score / in-sample seasonal scale
      si += winklerScore(y, iv.lower, iv.upper, level) / scales[i];
      cv += coverage(y, iv.lower, iv.upper);
      ci++;
    }
  });
  return { smape: sm / c, mase: ms / c, msis: ci ? si / ci : NaN, coverage: ci ? cv / ci : NaN, directionAccuracy: da / c, count: c };
}

/** Accuracy of a whole backtest, pooled over windows. */
export function backtestAccuracy(r: BacktestResult, level = 95): Accuracy {
  const fs: Forecast[] = [];
  const ys: Float64Array[] = [];
  const sc: number[] = [];
  const lo: number[] = [];
  for (const w of r.windows) {
    w.forecasts.forEach((f, i) => {
      if (!f) return;
      fs.push(f);
      ys.push(w.actuals[i]);
      sc.push(w.scales[i]);
      lo.push(w.lastObserved[i]);
    });
  }
  return accuracy(fs, ys, sc, lo, level);
}
