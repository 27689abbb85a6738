import { createPanelAutoForecaster } from "../backtest/auto-panel";
import { readFileSync } from "node:fs";
import { InvalidInputError, ModelStateError } from "../errors";
import { parseSeriesCsv } from "../io/read-csv";
import { loadGlobalModels } from "../models/global-models";
import { createEnsembleForecaster } from "../models/ensemble";
import { getFactory, registerModel } from "../models/registry";
import { calendarSeasonLengths } from "../series/frequency";
import { inferSeasonLengths } from "../series/seasonality";
import type { Forecast, Forecaster, ForecasterFactory, Series } from "../types";
import type { CliOptions } from "./args";

/** The text of --input; a missing or unreadable file is an input error naming the flag, not a stack trace. */
export function readInputFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code === "EACCES" ? "permission denied" : (e as Error).message;
    throw new InvalidInputError(`cannot read --input "${file}": ${why}`, { field: "--input" });
  }
}

/**
 * Read the input named by the options into series (long input may name its value column). Refuses input
 * with no series, a series id used twice (rows would be silently merged or one lost) and a series with no
 * observed value (nothing to forecast from).
 */
export function loadSeries(text: string, o: CliOptions): Series[] {
  const series = parseSeriesCsv(text, o.format, { valueColumn: o.valueColumn });
  if (series.length === 0) throw new InvalidInputError("--input has no series", { field: "--input" });
  const seen = new Map<string, number>();
  series.forEach((s, i) => {
    const first = seen.get(s.id);
    if (first !== undefined) throw new InvalidInputError(`series id "${s.id}" appears twice (series ${first + 1} and ${i + 1})`, { field: "id" });
    seen.set(s.id, i);
    if (!s.values.some(Number.isFinite)) throw new InvalidInputError(`series "${s.id}" has no observed values`, { field: "values" });
  });
  return series;
}

/**
 * Season lengths: the explicit --season, else the calendar cycles of the series' step (long input),
 * else autocorrelation peaks of the first series; 1 (no season) when nothing is found.
 */
export function resolveSeasons(series: Series[], o: CliOptions): number[] {
  if (o.seasonLengths.length) return [...o.seasonLengths].sort((a, b) => a - b);
  const stepMs = series[0]?.stepMs;
  const minLen = Math.min(...series.map((s) => s.values.length));
  if (stepMs) {
    const cal = calendarSeasonLengths(stepMs).filter((m) => 2 * m < minLen);
    if (cal.length) return cal;
  }
  const inferred = series[0] ? inferSeasonLengths(series[0].values) : [];
  return inferred.length ? inferred : [1];
}

/** Factory for --models: "auto", one model, or several (median ensemble). */
export async function buildFactory(models: string[], o: CliOptions): Promise<ForecasterFactory> {
  const globals = await loadGlobalModels();
  for (const [name, f] of globals) registerModel(name, f);
  if (models.length === 1 && models[0] === "auto") {
    const opts = { globals, windows: o.windows, only: o.autoCandidates, workers: o.workers, levels: o.levels };
    return () => createPanelAutoForecaster(opts);
  }
  if (models.includes("auto")) throw new InvalidInputError("--models auto cannot be combined with other models", { field: "--models" });
  const factories = models.map(getFactory);
  return factories.length === 1 ? factories[0] : () => createEnsembleForecaster(factories, "median");
}

export async function buildForecaster(o: CliOptions): Promise<Forecaster> {
  return (await buildFactory(o.models, o))();
}

/** CSV text of long forecast rows: id,step,mean,lo80,hi80,lo95,hi95 (one lo/hi pair per level). */
export function formatForecastCsv(forecasts: Forecast[], levels: number[]): string {
  const header = ["id", "step", "mean", ...levels.flatMap((l) => [`lo${l}`, `hi${l}`])];
  const lines = [header.join(",")];
  const q = (id: string) => (/[",\n]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id);
  const num = (x: number, id: string, h: number, what: string) => {
    // Never an empty or NaN cell: a model that produced one is a bug to report, not a value to write.
    if (!Number.isFinite(x)) throw new ModelStateError(`the ${what} of series "${id}" at step ${h + 1} is not a finite number`);
    return String(Math.round(x * 1e6) / 1e6);
  };
  for (const f of forecasts) {
    for (let h = 0; h < f.mean.length; h++) {
      const cells = [q(f.id), String(h + 1), num(f.mean[h], f.id, h, "mean")];
      for (const l of levels) {
        const iv = f.intervals.find((x) => x.level === l);
        if (!iv) throw new ModelStateError(`series "${f.id}" has no ${l} % interval`);
        cells.push(num(iv.lower[h], f.id, h, `lo${l}`), num(iv.upper[h], f.id, h, `hi${l}`));
      }
      lines.push(cells.join(","));
    }
  }
  return lines.join("\n") + "\n";
}
