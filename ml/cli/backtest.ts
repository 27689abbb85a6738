/**
 * npm run backtest -- --input FILE --format m4|long --horizon H --season M [--models a,b|auto|all] [--windows 2] [--levels 95]
 * Rolling-origin backtest per model; prints sMAPE, MASE, MSIS, coverage (at the highest level) and seconds.
 */
import { printTable } from "../io/format-table";
import { backtestAccuracy } from "../backtest/score";
import { rollingOrigin } from "../backtest/rolling-origin";
import { InvalidInputError } from "../errors";
import { modelNames } from "../models/registry";
import { parseArgs } from "./args";
import { buildFactory, loadSeries, readInputFile, resolveSeasons } from "./run-forecast";

async function main(argv: string[]): Promise<void> {
  const o = parseArgs(argv);
  const series = loadSeries(readInputFile(o.input), o);
  const seasonLengths = resolveSeasons(series, o);
  const level = Math.max(...o.levels);
  const models = o.models.length === 1 && o.models[0] === "all" ? modelNames() : o.models;
  const rows: (string | number)[][] = [];
  for (const name of models) {
    const t0 = performance.now();
    // auto backtests itself inside each fold (nested backtest), so it is slower than the others.
    const factory = await buildFactory([name], o);
    const res = await rollingOrigin(factory, series, { horizon: o.horizon, windows: o.windows ?? 2, seasonLengths, levels: o.levels, seed: o.seed });
    const acc = backtestAccuracy(res, level);
    rows.push([name, acc.smape.toFixed(2), acc.mase.toFixed(3), acc.msis.toFixed(2), `${(100 * acc.coverage).toFixed(1)}%`, ((performance.now() - t0) / 1000).toFixed(1)]);
  }
  console.log(`${series.length} series, horizon ${o.horizon}, ${o.windows ?? 2} windows, seasons ${seasonLengths.join("+")}`);
  printTable(["model", "sMAPE", "MASE", `MSIS@${level}`, `cov@${level}`, "seconds"], rows);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  // A message, never a stack trace: 2 for bad input or flags, 1 for a failure of the run itself.
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(e instanceof InvalidInputError ? 2 : 1);
});
