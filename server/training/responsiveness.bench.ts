/**
 * How well a process that trains a model still answers HTTP: the real train-model job (embedded runner, the
 * demand series, real database, artifact store and onnxruntime) runs in this process while a tiny HTTP
 * server here answers `GET /ping`, a client in a separate process GETs it back to back (20 ms apart) and
 * measures each response, and perf_hooks samples this process's event-loop delay.
 *
 *   npx tsx server/training/responsiveness.bench.ts [--quick]
 *
 * Default options are bench/training.bench.ts's STANDARD set; --quick uses the tests' FAST_TRAINING.
 * Uses TEST_DATABASE_URL when set (real Postgres), else embedded PGlite.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { asc, eq } from "drizzle-orm";
import { jobSteps } from "@/db/schema";
import { createJobHarness, FAST_TRAINING, loadDemandAsset } from "@/inngest/testing/job-harness";

const STANDARD = { horizon: 48, seasonLengths: [48, 336], maxTrials: 6, searchBudgetMs: 60_000, maxTrees: 300, earlyStoppingRounds: 20, backtestWindows: 3, maxRows: 40_000 };

// The client runs in its own process so that its timings are not delayed by the event loop it measures.
const CLIENT = `
const http = require("node:http");
const url = process.argv[1];
function once() {
  const t0 = performance.now();
  const done = (ok) => {
    process.stdout.write((ok ? "" : "E") + (performance.now() - t0).toFixed(2) + "\\n");
    setTimeout(once, 20);
  };
  // A new connection per request: a keep-alive socket the blocked server closes late would reset requests.
  http.get(url, { agent: false }, (res) => {
    res.resume();
    res.on("end", () => done(true));
  }).on("error", () => done(false));
}
once();
`;

function quantile(sorted: number[], q: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
}

async function main() {
  const options = process.argv.includes("--quick") ? FAST_TRAINING : STANDARD;
  const h = await createJobHarness();
  const server = http.createServer((_req, res) => res.end("ok"));
  try {
    const asset = await loadDemandAsset(h);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`;

    const latenciesMs: number[] = [];
    let failed = 0;
    const client = spawn(process.execPath, ["-e", CLIENT, url], { stdio: ["ignore", "pipe", "inherit"] });
    let buffered = "";
    client.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const l of lines) {
        if (l.startsWith("E")) failed++;
        else if (l) latenciesMs.push(Number(l));
      }
    });
    // Let the client connect and warm up before measuring.
    await new Promise((r) => setTimeout(r, 1000));
    latenciesMs.length = 0;
    failed = 0;

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const t0 = performance.now();
    const { runId } = await h.deps.dispatch("train-model", { assetId: asset.id, metric: "demand_mw", options });
    const status = await h.runner.waitFor(runId, 3_600_000);
    const wallS = (performance.now() - t0) / 1000;
    loop.disable();
    client.kill("SIGTERM");

    const steps = await h.handle.db.select().from(jobSteps).where(eq(jobSteps.runId, runId)).orderBy(asc(jobSteps.startedAt));
    const sorted = [...latenciesMs].sort((a, b) => a - b);
    console.log(`database ${h.handle.driver}; options ${JSON.stringify(options)}`);
    console.log(`train-model ${status} in ${wallS.toFixed(1)} s; stages: ${steps.map((s) => `${s.stepId} ${(((s.finishedAt ?? s.startedAt).getTime() - s.startedAt.getTime()) / 1000).toFixed(1)} s`).join(", ")}`);
    console.log(
      `event-loop delay: max ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, mean ${(loop.mean / 1e6).toFixed(1)} ms`,
    );
    console.log(
      `GET /ping (${sorted.length} requests): p50 ${quantile(sorted, 0.5).toFixed(1)} ms, p99 ${quantile(sorted, 0.99).toFixed(0)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms, over 500 ms: ${sorted.filter((x) => x > 500).length}, failed: ${failed}`,
    );
  } finally {
    server.close();
    await h.close();
  }
}

await main();
