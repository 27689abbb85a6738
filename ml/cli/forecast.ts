/**
 * npm run forecast -- --input FILE --format m4|long --horizon H --season M --models auto --levels 80,95 --out OUT.csv
 * Writes long rows id,step,mean,lo80,hi80,lo95,hi95 (stdout when --out is omitted).
 */
import { writeFileSync } from "node:fs";
import { InvalidInputError } from "../errors";
import { parseArgs } from "./args";
import { buildForecaster, formatForecastCsv, loadSeries, readInputFile, resolveSeasons } from "./run-forecast";

async function main(argv: string[]): Promise<void> {
  const o = parseArgs(argv);
  const series = loadSeries(readInputFile(o.input), o);
  const seasonLengths = resolveSeasons(series, o);
  const model = await buildForecaster(o);
  const t0 = performance.now();
  await model.fit(series, { seasonLengths, horizon: o.horizon, seed: o.seed });
  const forecasts = await model.forecast(o.horizon, o.levels);
  const csv = formatForecastCsv(forecasts, o.levels);
  if (o.out) writeFileSync(o.out, csv);
  else process.stdout.write(csv);
  console.error(`${model.name}: ${series.length} series, horizon ${o.horizon}, seasons ${seasonLengths.join("+")}, ${((performance.now() - t0) / 1000).toFixed(1)} s${o.out ? ` → ${o.out}` : ""}`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  // A message, never a stack trace: 2 for bad input or flags, 1 for a failure of the run itself.
  console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(e instanceof InvalidInputError ? 2 : 1);
});
