/**
 * Hold-out evaluation on M4 (and any m4/long CSV): each series' last H values of the TRAINING file are
 * held out; every model is fitted on what precedes them. Nothing else is used.
 *
 *   npm run bench -- m4 [--data FILE] [--format m4|long] [--value-column C] [--horizon 48]
 *                       [--season 24[,168]] [--windows 2] [--models a,b,...] [--auto-candidates a,b] [--workers 2] [--limit N]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { printTable } from "../ml/io/format-table";
import { createPanelAutoForecaster } from "../ml/backtest/auto-panel";
import { accuracy, type Accuracy } from "../ml/backtest/score";
import { parseLongCsv, parseM4Csv } from "../ml/io/read-csv";
import { seasonalScale } from "../ml/metrics/scale";
import { createAutoEtsForecaster, createMstlForecaster } from "../ml/models/augurs-models";
import { combineForecasts } from "../ml/models/ensemble";
import { loadGlobalModels } from "../ml/models/global-models";
import { createSeasonalNaiveForecaster } from "../ml/models/seasonal-naive";
import { truncateSeries } from "../ml/series/split";
import type { Forecast, ForecasterFactory, Series } from "../ml/types";
import { arg } from "./args";

export default async function m4Bench(args: string[]): Promise<void> {
  const root = path.resolve(import.meta.dirname, "..");
  const file = arg(args, "data") ?? path.resolve(root, "../shared/data/m4/Hourly-train.csv");
  const horizon = Number(arg(args, "horizon") ?? 48);
  const seasonLengths = (arg(args, "season") ?? "24").split(",").map(Number);
  const windows = Number(arg(args, "windows") ?? 2);
  const format = arg(args, "format") ?? (readFileSync(file, "utf8").startsWith('"V1"') || readFileSync(file, "utf8").startsWith("V1") ? "m4" : "long");
  const text = readFileSync(file, "utf8");
  let series: Series[] = format === "m4" ? parseM4Csv(text) : parseLongCsv(text, { valueColumn: arg(args, "value-column") ?? "value", defaultId: path.basename(file, ".csv") });
  const limit = arg(args, "limit");
  if (limit) series = series.slice(0, Number(limit));
  const m = seasonLengths[0];
  const train = series.map((s) => truncateSeries(s, s.values.length - horizon));
  const actuals = series.map((s) => s.values.slice(s.values.length - horizon));
  const scales = train.map((s) => seasonalScale(s.values, m));
  const last = train.map((s) => s.values[s.values.length - 1]);
  const ctx = { seasonLengths, horizon, seed: 1 };

  const globals = await loadGlobalModels();
  const singles: [string, ForecasterFactory | undefined][] = [
    ["seasonal-naive", () => createSeasonalNaiveForecaster()],
    ["auto-ets", () => createAutoEtsForecaster()],
    ["mstl", () => createMstlForecaster()],
    ["gbdt-direct", globals.get("gbdt-direct")],
    ["gbdt-direct-fast", globals.get("gbdt-direct-fast")],
    ["gbdt-recursive", globals.get("gbdt-recursive")],
    ["ridge", globals.get("ridge")],
  ];
  const only = arg(args, "models")?.split(",");
  // CPU seconds of the whole process (all threads): on a shared machine wall time overstates cost.
  const cpuNow = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const rows: { name: string; acc: Accuracy; seconds: number; cpu: number; note: string }[] = [];
  const forecasts = new Map<string, { fc: Forecast[]; seconds: number }>();
  console.log(`${path.basename(file)}: ${series.length} series, horizon ${horizon}, seasons ${seasonLengths.join("+")}, auto windows ${windows}`);
  for (const [name, factory] of singles) {
    if (only && !only.includes(name)) continue;
    if (!factory) {
      rows.push({ name, acc: nanAcc(), seconds: NaN, cpu: NaN, note: "not available" });
      continue;
    }
    const t0 = performance.now();
    const c0 = cpuNow();
    const model = factory();
    await model.fit(train, ctx);
    const fc = await model.forecast(horizon, [95]);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuNow() - c0;
    forecasts.set(name, { fc, seconds: cpu });
    rows.push({ name, acc: accuracy(fc, actuals, scales, last), seconds, cpu, note: "native intervals" });
    console.error(`  ${name}: ${seconds.toFixed(1)} s`);
  }
  // Ensemble: median of the available members, combined from the forecasts above (seconds = sum).
  const members = ["seasonal-naive", "mstl", "gbdt-direct", "ridge"].filter((n) => forecasts.has(n));
  if (members.length >= 2 && (!only || only.includes("ensemble"))) {
    const fc = series.map((_, i) => combineForecasts(members.map((n) => forecasts.get(n)!.fc[i]), "median"));
    const cpu = members.reduce((s, n) => s + forecasts.get(n)!.seconds, 0);
    rows.push({ name: "ensemble", acc: accuracy(fc, actuals, scales, last), seconds: NaN, cpu, note: `median(${members.join(",")}) of the rows above` });
  }
  if (!only || only.includes("auto")) {
    const workers = Number(arg(args, "workers") ?? 2);
    const auto = createPanelAutoForecaster({ globals, windows, only: arg(args, "auto-candidates")?.split(","), workers, levels: [95] });
    const t0 = performance.now();
    const c0 = cpuNow();
    await auto.fit(train, ctx);
    const fc = await auto.forecast(horizon, [95]);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuNow() - c0;
    const rep = auto.report();
    const counts = new Map<string, number>();
    for (const c of rep.chosen) counts.set(c, (counts.get(c) ?? 0) + 1);
    const picks = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k}:${v}`).join(" ") + (counts.size > 4 ? " …" : "");
    rows.push({ name: "auto", acc: accuracy(fc, actuals, scales, last), seconds, cpu, note: `${workers} workers, windows ${windows}; picks ${picks}` });
  }
  const base = rows.find((r) => r.name === "seasonal-naive")?.acc;
  const f = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : "-");
  printTable(
    ["model", "sMAPE", "MASE", "MASE/sNaive", "MSIS@95", "cov@95", "wall s", "cpu s", "note"],
    rows.map((r) => [
      r.name,
      f(r.acc.smape, 2),
      f(r.acc.mase),
      base ? f(r.acc.mase / base.mase) : "-",
      f(r.acc.msis, 2),
      Number.isFinite(r.acc.coverage) ? `${(100 * r.acc.coverage).toFixed(1)}%` : "-",
      f(r.seconds, 1),
      f(r.cpu, 1),
      r.note,
    ]),
  );
}

function nanAcc(): Accuracy {
  return { smape: NaN, mase: NaN, msis: NaN, coverage: NaN, directionAccuracy: NaN, count: 0 };
}
