/**
 * Rolling-origin backtest (Tashman 2000, via ml/backtest/rolling-origin) of the chosen configuration and of a
 * seasonal-naive baseline on the same folds. Produces the registry's per-horizon metrics, the conformal
 * calibration scores and a small plot of the last fold for the version page.
 */
import type { TrainingCovariates } from "./features";
import { rollingOrigin, type BacktestResult } from "@/ml/backtest/rolling-origin";
import { backtestAccuracy } from "@/ml/backtest/score";
import { residualScore } from "@/ml/conformal/scores";
import { createGbdtForecaster } from "@/ml/models/gbdt-forecaster";
import { createSeasonalNaiveForecaster } from "@/ml/models/seasonal-naive";
import type { Series } from "@/ml/types";
import type { BacktestMetrics, BacktestPlot } from "@/db/schema";
import { gbdtOptions, type SearchParams } from "./search";

export interface BacktestOutcome {
  metrics: BacktestMetrics;
  /** Scaled absolute residuals per step [step][fold] (the conformal calibration set). */
  scoresByStep: number[][];
  plot: BacktestPlot;
  seconds: { model: number; baseline: number };
}

/** Horizon steps reported separately: 1, a quarter, half and the full horizon (1-based, deduplicated). */
export function reportedSteps(horizon: number): number[] {
  return [...new Set([1, Math.ceil(horizon / 4), Math.ceil(horizon / 2), horizon])].sort((a, b) => a - b);
}

function stepMetrics(r: BacktestResult, h: number): { mae: number; mase: number } {
  let abs = 0;
  let scaled = 0;
  let c = 0;
  for (const w of r.windows) {
    const f = w.forecasts[0];
    const y = w.actuals[0][h - 1];
    if (!f || !Number.isFinite(y) || !Number.isFinite(f.mean[h - 1])) continue;
    const e = Math.abs(y - f.mean[h - 1]);
    abs += e;
    scaled += e / w.scales[0];
    c++;
  }
  return { mae: c ? abs / c : NaN, mase: c ? scaled / c : NaN };
}

export async function backtestModel(
  series: Series,
  params: {
    searchParams: SearchParams;
    horizon: number;
    seasonLengths: number[];
    windows: number;
    levels: number[];
    seed: number;
    maxTrees: number;
    earlyStoppingRounds: number;
    maxRows: number;
    covariates?: TrainingCovariates;
  },
): Promise<BacktestOutcome> {
  const opts = { horizon: params.horizon, windows: params.windows, seasonLengths: params.seasonLengths, levels: params.levels, seed: params.seed };
  const t0 = performance.now();
  const model = await rollingOrigin(() => createGbdtForecaster({ ...gbdtOptions(params.searchParams, params), refit: false }), [series], opts);
  const t1 = performance.now();
  const baseline = await rollingOrigin(() => createSeasonalNaiveForecaster(), [series], opts);
  const t2 = performance.now();

  const metrics: BacktestMetrics = {};
  for (const h of reportedSteps(params.horizon)) {
    const m = stepMetrics(model, h);
    const b = stepMetrics(baseline, h);
    metrics[`h${h}`] = { mae: m.mae, mase: m.mase, baselineMase: b.mase };
  }
  const level = params.levels.includes(95) ? 95 : params.levels[params.levels.length - 1];
  const all = backtestAccuracy(model, level);
  const base = backtestAccuracy(baseline, level);
  metrics.all = {
    mase: all.mase,
    smape: all.smape,
    baselineMase: base.mase,
    relativeMase: all.mase / base.mase,
    folds: model.windows.length,
  };

  const scoresByStep: number[][] = Array.from({ length: params.horizon }, () => []);
  for (const w of model.windows) {
    const f = w.forecasts[0];
    if (!f) continue;
    for (let h = 0; h < params.horizon; h++) {
      const y = w.actuals[0][h];
      if (Number.isFinite(y) && Number.isFinite(f.mean[h])) scoresByStep[h].push(residualScore(y, f.mean[h], w.scales[0]));
    }
  }

  const last = model.windows[model.windows.length - 1];
  const lastBase = baseline.windows[baseline.windows.length - 1];
  const n = series.values.length;
  const originIndex = n - 1 - last.cutFromEnd;
  const stepMs = series.stepMs ?? 0;
  const plot: BacktestPlot = {
    ts: Array.from({ length: params.horizon }, (_, h) => new Date((series.startMs ?? 0) + (originIndex + 1 + h) * stepMs).toISOString()),
    actual: Array.from(last.actuals[0]),
    forecast: Array.from(last.forecasts[0]?.mean ?? []),
    baseline: Array.from(lastBase.forecasts[0]?.mean ?? []),
  };
  return { metrics, scoresByStep, plot, seconds: { model: (t1 - t0) / 1000, baseline: (t2 - t1) / 1000 } };
}
