/**
 * A ticker's next trading days: the close and the cumulative log return at steps 1…H with 80 / 95 % bands and
 * the trend call at step H, from the candidate that won the rolling backtest (the random walk unless another
 * candidate's MASE is below the random walk's by more than `selectMargin`).
 *
 * Pipeline: rolling origins every `originEvery` trading days ending at the last bar that has H bars after it;
 * each candidate forecast at every origin on everything before it; scores on the newest `evalOrigins`, each
 * origin's band calibrated on that candidate's earlier origins (backtest.ts); the final forecast from the whole
 * history, its band from the chosen candidate's newest `calibrationWindow` origins. Dates of the steps come from
 * the NYSE calendar (calendar/nyse.ts), never calendar days.
 *
 * The close forecast is exp(mean log price): the median of a log-normal price, which is what the trend call and
 * the band (exp of the log band) are centred on.
 */
import { InvalidInputError } from "../../errors";
import { nextTradingDays } from "../calendar/nyse";
import { trendCall, type TrendCall } from "../trend-call";
import { bandOf, ewmaVolatility, LEVELS, rollingForecasts, scaledQuantiles, scoreCandidate, type CandidateScores, type EvaluatedOrigin } from "./backtest";
import { BASELINE, CANDIDATE_NAMES, createCandidates, type CandidateName } from "./candidates";

export interface TickerHistory {
  id: string;
  /** Trading dates (YYYY-MM-DD), ascending, one per close. */
  dates: string[];
  close: Float64Array;
}

export interface TickerForecastOptions {
  horizon?: number;
  candidates?: readonly CandidateName[];
  /** Backtest origins scored (and compared). */
  evalOrigins?: number;
  /** Origins whose errors calibrate one band. */
  calibrationWindow?: number;
  originEvery?: number;
  /** θ of the trend call, percent of the last close. */
  thresholdPct?: number;
  /** A candidate must beat the random walk's backtest MASE by this fraction to be chosen. */
  selectMargin?: number;
}

export const TICKER_FORECAST_DEFAULTS = {
  horizon: 5,
  evalOrigins: 100,
  calibrationWindow: 100,
  originEvery: 5,
  thresholdPct: 1,
  selectMargin: 0.02,
} as const;

export interface TickerForecastPoint {
  date: string;
  mean: number;
  lower: Record<string, number>;
  upper: Record<string, number>;
}

export type BacktestScores = Omit<CandidateScores, "evaluated">;

export interface TickerForecast {
  id: string;
  originDate: string;
  lastClose: number;
  model: CandidateName;
  /** Close at steps 1…H. */
  points: TickerForecastPoint[];
  /** Cumulative log return log(P(t+h) / P(t)) at steps 1…H. */
  logReturn: TickerForecastPoint[];
  trend: TrendCall;
  backtest: { fromDate: string; toDate: string; baseline: CandidateName; candidates: BacktestScores[] };
  calibration: { method: "split-conformal-ewma-scaled"; window: number; sigma: number; halfWidthsSigma: Record<string, number[]> };
}

/** The trend call of a log-price band (the served rule: ml/markets/trend-call on the close band). */
export function trendOfLogBand(e: Pick<EvaluatedOrigin, "mean" | "lower" | "upper">, lastClose: number, thresholdPct: number, step: number): TrendCall {
  const points = Array.from(e.mean, (m, k) => ({
    mean: Math.exp(m),
    lower: Object.fromEntries(Object.entries(e.lower).map(([l, v]) => [l, Math.exp(v[k])])),
    upper: Object.fromEntries(Object.entries(e.upper).map(([l, v]) => [l, Math.exp(v[k])])),
  }));
  return trendCall({ points, lastClose, thresholdPct, step });
}

/** Backtest origins: every `every` bars back from the last one with `horizon` bars after it, oldest first. */
export function backtestOrigins(n: number, horizon: number, every: number, count: number, minHistory = 60): number[] {
  const out: number[] = [];
  for (let o = n - 1 - horizon; o >= minHistory && out.length < count; o -= every) out.push(o);
  return out.reverse();
}

export async function forecastTicker(history: TickerHistory, options: TickerForecastOptions = {}): Promise<TickerForecast> {
  const o = { ...TICKER_FORECAST_DEFAULTS, ...options };
  const names = [...new Set<CandidateName>([BASELINE, ...(o.candidates ?? CANDIDATE_NAMES)])];
  const { close, dates } = history;
  if (dates.length !== close.length) throw new InvalidInputError(`dates (${dates.length}) and close (${close.length}) differ in length`, { field: "dates" });
  for (let i = 1; i < dates.length; i++) {
    if (!(dates[i] > dates[i - 1])) throw new InvalidInputError(`dates must be ascending: ${dates[i - 1]} then ${dates[i]}`, { field: "dates", row: i });
  }
  const origins = backtestOrigins(close.length, o.horizon, o.originEvery, o.evalOrigins + o.calibrationWindow);
  const minOrigins = 20 + 10;
  if (origins.length < minOrigins) {
    throw new InvalidInputError(`${history.id}: ${close.length} closes give ${origins.length} backtest origins; at least ${minOrigins} are needed`, { field: "close" });
  }
  const evalFrom = origins[Math.max(20, origins.length - o.evalOrigins)];
  // The final forecast is the last "origin" of each candidate: the same fitted specification as in the backtest.
  const last = close.length - 1;
  const candidates = createCandidates(names);
  const fs = await rollingForecasts(close, candidates, [...origins, last], o.horizon);
  const call = (e: EvaluatedOrigin, c0: number) => trendOfLogBand(e, c0, o.thresholdPct, o.horizon).call;
  const scores = names.map((n) => {
    const { evaluated: _, ...s } = scoreCandidate(close, n, fs.get(n)!.slice(0, -1), evalFrom, { horizon: o.horizon, calibrationWindow: o.calibrationWindow, thresholdPct: o.thresholdPct, call });
    return s;
  });
  const rw = scores.find((s) => s.name === BASELINE)!;
  const best = scores.filter((s) => Number.isFinite(s.mase)).reduce((a, b) => (b.mase < a.mase ? b : a), rw);
  const model = (best.mase < (1 - o.selectMargin) * rw.mase ? best.name : BASELINE) as CandidateName;

  const chosen = fs.get(model)!;
  const final = chosen[chosen.length - 1];
  const q: Record<string, Float64Array> = {};
  for (const l of LEVELS) q[l] = scaledQuantiles(close, chosen.slice(0, -1), last, o.horizon, o.calibrationWindow, l);
  const band = bandOf(final.mean, final.sigma, q);
  const futureDates = nextTradingDays(dates[last], o.horizon);
  const lc = Math.log(close[last]);
  const at = (k: number, f: (v: number) => number) => ({
    date: futureDates[k],
    mean: f(final.mean[k]),
    lower: Object.fromEntries(LEVELS.map((l) => [String(l), f(band.lower[l][k])])),
    upper: Object.fromEntries(LEVELS.map((l) => [String(l), f(band.upper[l][k])])),
  });
  return {
    id: history.id,
    originDate: dates[last],
    lastClose: close[last],
    model,
    points: futureDates.map((_, k) => at(k, Math.exp)),
    logReturn: futureDates.map((_, k) => at(k, (v) => v - lc)),
    trend: trendOfLogBand({ mean: final.mean, ...band }, close[last], o.thresholdPct, o.horizon),
    backtest: { fromDate: dates[evalFrom], toDate: dates[origins[origins.length - 1]], baseline: BASELINE, candidates: scores },
    calibration: {
      method: "split-conformal-ewma-scaled",
      window: o.calibrationWindow,
      sigma: ewmaVolatility(close.map(Math.log))[last],
      halfWidthsSigma: Object.fromEntries(LEVELS.map((l) => [String(l), Array.from(q[l])])),
    },
  };
}
