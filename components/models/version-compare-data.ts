/** Pure shaping for the version compare view (tested beside it). */
import type { BacktestPlot } from "@/db/schema";

export interface ComparedVersion {
  id: string;
  version: number;
  state: string;
  algorithm: string;
  parameters: Record<string, unknown>;
  backtestMetrics: Record<string, Record<string, number>>;
  backtestPlot: BacktestPlot | null;
  trainingSnapshot: { contentHash: string } | null;
}

export interface MetricRow {
  step: string;
  metric: string;
  a: number | null;
  b: number | null;
  /** (b − a) / |a|; null where either side is missing or a is zero. */
  change: number | null;
}

const METRICS = ["mase", "mae", "smape", "coverage"] as const;
const stepOrder = (s: string) => (s === "all" ? Number.POSITIVE_INFINITY : Number(s.replace(/^h/, "")) || 0);

/** One row per (horizon step, metric) either version reports, steps in order and "all" last. */
export function metricRows(a: Pick<ComparedVersion, "backtestMetrics">, b: Pick<ComparedVersion, "backtestMetrics">): MetricRow[] {
  const steps = [...new Set([...Object.keys(a.backtestMetrics), ...Object.keys(b.backtestMetrics)])].sort((x, y) => stepOrder(x) - stepOrder(y));
  const rows: MetricRow[] = [];
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  for (const step of steps) {
    for (const metric of METRICS) {
      const va = num(a.backtestMetrics[step]?.[metric]);
      const vb = num(b.backtestMetrics[step]?.[metric]);
      if (va === null && vb === null) continue;
      rows.push({ step, metric: metric === "smape" ? "sMAPE" : metric === "mase" ? "MASE" : metric === "mae" ? "MAE" : "coverage", a: va, b: vb, change: va !== null && vb !== null && va !== 0 ? (vb - va) / Math.abs(va) : null });
    }
  }
  return rows;
}

/** Both versions' backtest folds on one time axis: the actuals (from whichever has the step) and each forecast. */
export function mergeBacktestPlots(a: BacktestPlot | null, b: BacktestPlot | null): { t: number; actual: number | null; a: number | null; b: number | null }[] {
  const byTime = new Map<number, { t: number; actual: number | null; a: number | null; b: number | null }>();
  const add = (plot: BacktestPlot | null, side: "a" | "b") => {
    plot?.ts.forEach((ts, i) => {
      const t = new Date(ts).getTime();
      if (!Number.isFinite(t)) return;
      const row = byTime.get(t) ?? { t, actual: null, a: null, b: null };
      const actual = plot.actual[i];
      if (row.actual === null && Number.isFinite(actual)) row.actual = actual;
      const f = plot.forecast[i];
      row[side] = Number.isFinite(f) ? f : null;
      byTime.set(t, row);
    });
  };
  add(a, "a");
  add(b, "b");
  return [...byTime.values()].sort((x, y) => x.t - y.t);
}
