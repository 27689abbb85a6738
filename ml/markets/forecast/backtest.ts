/**
 * Rolling-origin backtest of the ticker candidates on log closes, with split-conformal intervals calibrated on
 * each candidate's own earlier backtest errors.
 *
 * Scores are volatility-scaled (normalised conformal, Lei et al. 2018 §5.2): s = |log y(t+h) − ŷ(t+h)| / σ(t),
 * σ(t) the RiskMetrics EWMA volatility of daily log returns at the origin (λ = 0.94). The half-width at a new
 * origin is the per-step conformal quantile of the scores times that origin's σ, so the band widens when the
 * market does (2022) instead of carrying the calm years' width. The pool for origin t holds only origins whose
 * whole horizon ended by t (no look-ahead), the newest `calibrationWindow` of them.
 */
import { stepQuantiles } from "../../conformal/quantile";
import { InvalidInputError } from "../../errors";
import { BASELINE, type TickerCandidate } from "./candidates";

export const EWMA_LAMBDA = 0.94;
export const LEVELS = [80, 95] as const;

/** EWMA volatility of daily log returns, σ[t] using returns up to t (σ[0] = NaN). */
export function ewmaVolatility(logPrices: Float64Array, lambda = EWMA_LAMBDA): Float64Array {
  const n = logPrices.length;
  const out = new Float64Array(n).fill(NaN);
  if (n < 3) return out;
  const warm = Math.min(20, n - 1);
  let v = 0;
  for (let t = 1; t <= warm; t++) v += (logPrices[t] - logPrices[t - 1]) ** 2;
  v /= warm;
  for (let t = 1; t < n; t++) {
    const r = logPrices[t] - logPrices[t - 1];
    v = lambda * v + (1 - lambda) * r * r;
    out[t] = Math.sqrt(v);
  }
  return out;
}

/** Mean absolute one-step change of the closes up to and including index `end` (the MASE scale). */
export function naiveScale(close: ArrayLike<number>, end: number): number {
  let s = 0;
  for (let t = 1; t <= end; t++) s += Math.abs(close[t] - close[t - 1]);
  return end > 0 ? s / end : NaN;
}

export interface OriginForecast {
  /** Index of the last observation used. */
  origin: number;
  /** Mean log price, steps 1…H. */
  mean: Float64Array;
  sigma: number;
}

/** Each candidate's forecasts at every origin (indices into `close`, ascending). */
export async function rollingForecasts(
  close: Float64Array,
  candidates: TickerCandidate[],
  origins: number[],
  horizon: number,
): Promise<Map<string, OriginForecast[]>> {
  for (let i = 0; i < close.length; i++) {
    if (!(close[i] > 0)) throw new InvalidInputError(`close must be a positive number, got ${close[i]}`, { field: "close", row: i });
  }
  const lp = close.map(Math.log);
  const vol = ewmaVolatility(lp);
  const out = new Map<string, OriginForecast[]>();
  for (const c of candidates) {
    const list: OriginForecast[] = [];
    for (const o of origins) list.push({ origin: o, mean: await c.forecast(lp.subarray(0, o + 1), horizon), sigma: vol[o] });
    out.set(c.name, list);
  }
  return out;
}

/** Per-step conformal half-widths in units of σ, from origins whose horizon ended by `asOf`. */
export function scaledQuantiles(close: Float64Array, fs: OriginForecast[], asOf: number, horizon: number, window: number, level: number): Float64Array {
  const done = fs.filter((f) => f.origin + horizon <= asOf && Number.isFinite(f.sigma) && f.sigma > 0).slice(-window);
  const byStep = Array.from({ length: horizon }, (_, k) =>
    Float64Array.from(done, (f) => Math.abs(Math.log(close[f.origin + k + 1]) - f.mean[k]) / f.sigma),
  );
  return stepQuantiles(byStep, 1 - level / 100);
}

export interface CandidateScores {
  name: string;
  origins: number;
  /** Mean over origins of MASE of the close (steps 1…H, scaled by the in-sample one-step naive MAE). */
  mase: number;
  mae: number;
  rmse: number;
  /** Percent. */
  mape: number;
  /** Share of origins whose H-step return sign was forecast right (for the random walk: the share of up moves, "always up"). */
  directionAccuracy: number;
  /** Share of (origin, step) pairs inside the band, by level. */
  coverage: Record<string, number>;
  /** Share of trend calls (up / down / sideways at step H, θ = thresholdPct) that the realised return confirmed. */
  trendHitRate: number;
}

export interface EvaluatedOrigin {
  origin: number;
  mean: Float64Array;
  lower: Record<string, Float64Array>;
  upper: Record<string, Float64Array>;
}

/** Band of a forecast from quantiles in σ units. */
export function bandOf(mean: Float64Array, sigma: number, q: Record<string, Float64Array>) {
  const lower: Record<string, Float64Array> = {};
  const upper: Record<string, Float64Array> = {};
  for (const [level, qs] of Object.entries(q)) {
    lower[level] = mean.map((m, k) => m - qs[k] * sigma);
    upper[level] = mean.map((m, k) => m + qs[k] * sigma);
  }
  return { lower, upper };
}

export interface ScoreOptions {
  horizon: number;
  calibrationWindow: number;
  thresholdPct: number;
  /** The trend call of a log-price band; injected so the scores use the served rule (ml/markets/trend-call). */
  call: (e: EvaluatedOrigin, lastClose: number) => "up" | "down" | "sideways";
}

/**
 * Scores a candidate on its evaluation origins (those of `fs` at or after `evalFrom`): each origin's band from
 * the scores of the candidate's earlier origins only.
 */
export function scoreCandidate(close: Float64Array, name: string, fs: OriginForecast[], evalFrom: number, opts: ScoreOptions): CandidateScores & { evaluated: EvaluatedOrigin[] } {
  const H = opts.horizon;
  const theta = opts.thresholdPct / 100;
  let maseSum = 0, absSum = 0, sqSum = 0, apeSum = 0, nPts = 0, dirRight = 0, hits = 0, nOrig = 0;
  const covered: Record<string, number> = {};
  const evaluated: EvaluatedOrigin[] = [];
  for (const f of fs) {
    if (f.origin < evalFrom || f.origin + H >= close.length) continue;
    const q: Record<string, Float64Array> = {};
    for (const l of LEVELS) q[l] = scaledQuantiles(close, fs, f.origin, H, opts.calibrationWindow, l);
    const band = bandOf(f.mean, f.sigma, q);
    const e: EvaluatedOrigin = { origin: f.origin, mean: f.mean, ...band };
    evaluated.push(e);
    const c0 = close[f.origin];
    const scale = naiveScale(close, f.origin);
    let abs = 0;
    for (let k = 0; k < H; k++) {
      const y = close[f.origin + k + 1];
      const yhat = Math.exp(f.mean[k]);
      abs += Math.abs(y - yhat);
      absSum += Math.abs(y - yhat);
      sqSum += (y - yhat) ** 2;
      apeSum += Math.abs((y - yhat) / y);
      nPts++;
      const ly = Math.log(y);
      for (const l of LEVELS) if (ly >= band.lower[l][k] && ly <= band.upper[l][k]) covered[l] = (covered[l] ?? 0) + 1;
    }
    maseSum += abs / H / scale;
    const r = close[f.origin + H] / c0 - 1;
    const rhat = Math.exp(f.mean[H - 1]) / c0 - 1;
    dirRight += name === BASELINE ? (r > 0 ? 1 : 0) : Math.sign(r) === Math.sign(rhat) ? 1 : 0;
    const call = opts.call(e, c0);
    hits += call === "up" ? +(r > theta) : call === "down" ? +(r < -theta) : +(Math.abs(r) <= theta);
    nOrig++;
  }
  const coverage: Record<string, number> = {};
  for (const l of LEVELS) coverage[l] = (covered[l] ?? 0) / nPts;
  return {
    name,
    origins: nOrig,
    mase: maseSum / nOrig,
    mae: absSum / nPts,
    rmse: Math.sqrt(sqSum / nPts),
    mape: (100 * apeSum) / nPts,
    directionAccuracy: dirRight / nOrig,
    coverage,
    trendHitRate: hits / nOrig,
    evaluated,
  };
}
