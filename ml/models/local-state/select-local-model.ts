/**
 * `auto` on one series, as the app's training job runs it: the panel engine (ml/backtest/auto-panel.ts) backtests
 * the classical candidates and their combinations on rolling origins and picks one; the pick is then fitted on
 * the whole series as a storable state (local-state.ts). Returns the leaderboard, the state, the interval
 * half-widths auto's own final forecast used (scaled by the series' seasonal scale, so serving can re-apply them
 * at a later origin), and the parity of the state's forecast with auto's.
 */
import { calibrationScale, type Calibration } from "../../conformal/calibration";
import { createPanelAutoForecaster, type SeriesGroup } from "../../backtest/auto-panel";
import type { IntervalSource } from "../../backtest/auto";
import type { FitContext, Series } from "../../types";
import { fitLocalState, forecastLocalState, type LocalModelState } from "./local-state";

export interface LeaderboardRow {
  name: string;
  /** Mean validation MASE over the backtest origins (lower is better). */
  validationMase: number;
  /** Wall seconds of the candidate's backtest and final fit. */
  seconds: number;
  /** Backtest sMAPE (percent). */
  smape?: number;
  /** Backtest MASE per horizon block (steps `from`..`to`). */
  maseByBlock?: { from: number; to: number; mase: number }[];
  /** The candidate's own widest interval's backtest coverage (none for combinations). */
  coverage?: { level: number; ratio: number } | null;
}

export interface LocalSelection {
  chosen: string;
  state: LocalModelState;
  group: SeriesGroup;
  /** The season lengths the chosen model was fitted with (none for short or intermittent series). */
  seasonLengths: number[];
  leaderboard: LeaderboardRow[];
  windows: number;
  step: number;
  failures: { candidate: string; stage: string; message: string }[];
  intervalSource: IntervalSource;
  calibration: Calibration;
  /** auto's forecast from the end of the series: mean and the bounds per level. */
  forecast: { mean: number[]; lower: Record<string, number[]>; upper: Record<string, number[]> };
  parityMaxRelativeError: number;
}

export interface SelectLocalModelOptions {
  horizon: number;
  seasonLengths: number[];
  levels: number[];
  seed?: number;
  /** Restrict auto's candidates to these names (default: auto's plan for the series). */
  candidates?: string[];
  windows?: number;
  onCandidate?: (row: { name: string; seconds: number }) => void;
}

export async function selectLocalModel(series: Series, opts: SelectLocalModelOptions): Promise<LocalSelection> {
  const H = opts.horizon;
  const ctx: FitContext = { seasonLengths: opts.seasonLengths, horizon: H, seed: opts.seed };
  const auto = createPanelAutoForecaster({ levels: opts.levels, only: opts.candidates?.length ? opts.candidates : undefined, windows: opts.windows, workers: 1, onCandidate: opts.onCandidate });
  await auto.fit([series], ctx);
  const [f] = await auto.forecast(H, opts.levels);
  const report = auto.report();
  const group = report.group[0];
  const g = report.groups[group]!;
  // The panel engine fits short and intermittent series without seasons (auto-panel.ts): so does the state.
  const fitCtx: FitContext = group === "short" || group === "intermittent" || group === "tiny" ? { ...ctx, seasonLengths: [] } : ctx;
  const chosen = report.chosen[0];
  // "last-value": a tiny series, or every candidate's final fit failed; the naive forecast is that.
  const state = await fitLocalState(chosen === "last-value" ? "naive" : chosen, series, fitCtx, g.candidates);
  const mean = await forecastLocalState(state, { history: series, newValues: new Float64Array(0), horizon: H, ctx: fitCtx });
  let parity = 0;
  for (let h = 0; h < H; h++) parity = Math.max(parity, Math.abs(mean[h] - f.mean[h]) / Math.max(Math.abs(f.mean[h]), 1e-9));

  const m = fitCtx.seasonLengths[0] ?? 1;
  const scale = calibrationScale(series.values, m);
  const halfWidths: Record<string, number[]> = {};
  const lower: Record<string, number[]> = {};
  const upper: Record<string, number[]> = {};
  for (const iv of f.intervals) {
    const key = String(iv.level);
    lower[key] = Array.from(iv.lower);
    upper[key] = Array.from(iv.upper);
    halfWidths[key] = Array.from(f.mean, (mu, h) => {
      const w = Math.max(iv.upper[h] - mu, mu - iv.lower[h], 0) / scale;
      return Number.isFinite(w) ? w : Number.POSITIVE_INFINITY;
    });
  }
  const leaderboard = Object.entries(g.validationMase)
    .map(([name, validationMase]) => {
      const extra = report.candidateMetrics[`${group}:${name}`];
      return { name, validationMase, seconds: report.seconds[name] ?? 0, ...(extra ? { smape: extra.smape, maseByBlock: extra.maseByBlock, coverage: extra.coverage } : {}) };
    })
    .sort((a, b) => (Number.isFinite(a.validationMase) ? a.validationMase : Infinity) - (Number.isFinite(b.validationMase) ? b.validationMase : Infinity));
  return {
    chosen,
    state,
    group,
    seasonLengths: fitCtx.seasonLengths,
    leaderboard,
    windows: g.windows,
    step: g.step,
    failures: report.failures.map(({ candidate, stage, message }) => ({ candidate, stage, message })),
    intervalSource: report.intervalSource[0],
    calibration: { method: "split-conformal-scaled", scaleSeasonLength: m, scoresPerStep: Math.round(report.calibrationCount / Math.max(H, 1)), halfWidths },
    forecast: { mean: Array.from(f.mean), lower, upper },
    parityMaxRelativeError: parity,
  };
}
