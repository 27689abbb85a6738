/**
 * `npm run bench -- markets [--candidates rw,rw-drift,ets,arima,theta] [--from 2021-01-01 --to 2022-12-31]`
 *
 * Rolling 5-trading-day-ahead backtest of the ticker candidates (ml/markets/forecast) on the 7 US large caps:
 * origins every 5 trading days from the last bar before `--from` while the 5 days ahead end by `--to`; each
 * origin fitted on everything before it; 80 / 95 % bands by split conformal on the candidate's own errors at
 * the 100 preceding origins (`--calibration`; 100 chosen on 2019–2020, see ml/markets/README.md) (the calibration origins reach back before 2021). Prints, per ticker and candidate,
 * MASE (scaled by the in-sample one-step naive), MAE / RMSE / MAPE of the close, 5-day direction accuracy,
 * coverage, trend-call hit rate (θ = 1 %), and the ratios of MASE to the random walk's, measured in the same run.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { rollingForecasts, scoreCandidate, type EvaluatedOrigin } from "@/ml/markets/forecast/backtest";
import { BASELINE, CANDIDATE_NAMES, createCandidates, type CandidateName } from "@/ml/markets/forecast/candidates";
import { trendOfLogBand } from "@/ml/markets/forecast/forecast-ticker";
import { createGlobalGbdt } from "@/ml/markets/forecast/global-gbdt";
import { arg } from "./args";

const TICKERS = ["AAPL", "AMZN", "GOOGL", "META", "MSFT", "NVDA", "TSLA"];
const H = 5;
const EVERY = 5;
const THETA_PCT = 1;

function load(ticker: string): { dates: string[]; close: Float64Array } {
  const name = `${ticker}-daily-2013-2022.csv`;
  const shipped = path.resolve("data/demo", name);
  const file = existsSync(shipped) ? shipped : path.resolve("../shared/data/market/us-large-caps", name);
  const rows = readFileSync(file, "utf8").trim().split(/\r?\n/).slice(1).map((l) => l.split(","));
  return { dates: rows.map((r) => r[0]), close: Float64Array.from(rows, (r) => Number(r[4])) };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export default async function main(args: string[]): Promise<void> {
  const names = [...new Set([BASELINE, ...(arg(args, "candidates", [...CANDIDATE_NAMES, "gbdt"].join(",")).split(","))])];
  const panel = TICKERS.map(load);
  // One global GBDT over the 7 tickers, refitted every 100 trading days on rows whose target precedes the block.
  const gbdt = createGlobalGbdt(panel);
  const from = arg(args, "from", "2021-01-01");
  const to = arg(args, "to", "2022-12-31");
  const CALIBRATION = Number(arg(args, "calibration", "100"));
  const lines: string[] = [];
  const out = (s: string) => {
    lines.push(s);
    console.log(s);
  };
  out(`| ticker | model | origins | MASE | MASE/RW | MAE | RMSE | MAPE | dir acc | cov@80 | cov@95 | trend hit | seconds |`);
  out(`|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
  const pooled = new Map<string, { mase: number[]; c95: number[]; c80: number[]; hit: number[]; dir: number[] }>();
  for (const [j, t] of TICKERS.entries()) {
    const { dates, close } = panel[j];
    const first = dates.findIndex((d) => d >= from) - 1;
    const test: number[] = [];
    for (let o = first; o + H < close.length && dates[o + H] <= to; o += EVERY) test.push(o);
    const calib: number[] = [];
    for (let o = first - EVERY; o >= 60 && calib.length < CALIBRATION; o -= EVERY) calib.unshift(o);
    const rows: { name: string; s: ReturnType<typeof scoreCandidate>; sec: number }[] = [];
    for (const name of names) {
      const t0 = performance.now();
      const candidates = name === "gbdt" ? [gbdt.candidateFor(j)] : createCandidates([name as CandidateName]);
      const fs = await rollingForecasts(close, candidates, [...calib, ...test], H);
      const call = (e: EvaluatedOrigin, c0: number) => trendOfLogBand(e, c0, THETA_PCT, H).call;
      const s = scoreCandidate(close, name, fs.get(name)!, first, { horizon: H, calibrationWindow: CALIBRATION, thresholdPct: THETA_PCT, call });
      rows.push({ name, s, sec: (performance.now() - t0) / 1000 });
    }
    const rw = rows.find((r) => r.name === BASELINE)!.s;
    for (const { name, s, sec } of rows) {
      out(
        `| ${t} | ${name} | ${s.origins} | ${s.mase.toFixed(3)} | ${(s.mase / rw.mase).toFixed(3)} | ${s.mae.toFixed(2)} | ${s.rmse.toFixed(2)} | ${s.mape.toFixed(2)}% | ${pct(s.directionAccuracy)}${name === BASELINE ? " (up share)" : ""} | ${pct(s.coverage["80"])} | ${pct(s.coverage["95"])} | ${pct(s.trendHitRate)} | ${sec.toFixed(1)} |`,
      );
      const p = pooled.get(name) ?? { mase: [], c95: [], c80: [], hit: [], dir: [] };
      p.mase.push(s.mase / rw.mase);
      p.c95.push(s.coverage["95"]);
      p.c80.push(s.coverage["80"]);
      p.hit.push(s.trendHitRate);
      p.dir.push(s.directionAccuracy);
      pooled.set(name, p);
    }
  }
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  out("");
  out(`| model | mean MASE/RW | tickers beating RW | mean dir acc | mean cov@80 | cov@95 range | mean trend hit |`);
  out(`|---|---|---|---|---|---|---|`);
  for (const [name, p] of pooled) {
    out(`| ${name} | ${mean(p.mase).toFixed(3)} | ${p.mase.filter((r) => r < 1).length} of ${p.mase.length} | ${pct(mean(p.dir))} | ${pct(mean(p.c80))} | ${pct(Math.min(...p.c95))}–${pct(Math.max(...p.c95))} | ${pct(mean(p.hit))} |`);
  }
  await mkdir("bench/.out", { recursive: true });
  await writeFile("bench/.out/markets.md", lines.join("\n") + "\n");
}
