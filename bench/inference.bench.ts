/**
 * `npm run bench -- inference [--trees 250] [--heads 1] [--features 40] [--rows 48] [--seconds 1.5] [--threads 0]
 *   [--workers N] [--sidecar-cpus 0,1]`
 *
 * One forecast request = `rows` horizon rows × `features` features through a GBDT of `heads` quantile heads ×
 * `trees` trees each (depth ≤ 6). Measured in one run, same machine, same model:
 *   - TypeScript predictor (baseline): predictGbdt per head;
 *   - in-process onnxruntime through InferenceClient (no INFERENCE_URL);
 *   - sidecar with micro-batching and without (two `sidecar/main.ts` child processes) through InferenceClient;
 *   - "http floor": GET /healthz on the batched sidecar with the same keep-alive client settings, i.e. what HTTP
 *     alone costs on this machine right now (its rows/s = requests/s × rows per request, an upper bound for any
 *     sidecar row);
 * at concurrency 1, 16 and 64 (closed loop: each of C workers sends its next request when the last returns),
 * reporting p50/p99 latency per request and rows/s, plus rows/s for large batches (1024 rows) at concurrency 1.
 * Ratios are against the TypeScript predictor at the same concurrency.
 *
 * `--sidecar-cpus LIST` pins both sidecars to those CPUs (taskset); run the bench itself pinned elsewhere
 * (`taskset -c 2-15 npm run bench -- inference --sidecar-cpus 0,1`) to measure a sidecar that has its cores to
 * itself, as it has when the app calls it from another container or host.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir, cpus } from "node:os";
import http from "node:http";
import path from "node:path";
import { exportGbdtToOnnx } from "@/ml/onnx/export-gbdt";
import { randomGbdt, stressRows } from "@/ml/onnx/testkit/random-gbdt";
import { predictGbdt } from "@/ml/gbdt/predict";
import { LocalArtifactStore } from "@/server/serving/artifacts/local-store";
import { InferenceClient } from "@/server/serving/inference/inference-client";
import { spawnSidecar, type SpawnedSidecar } from "@/sidecar/testkit/spawn-sidecar";
import { printTable } from "../ml/io/format-table";
import { arg, numberArg } from "./args";
import { percentile } from "./percentile";

interface Cell {
  mode: string;
  concurrency: number;
  rowsPerRequest: number;
  p50Ms: number;
  p99Ms: number;
  rowsPerSec: number;
  requests: number;
}

/** Closed-loop load: `concurrency` workers, each sending back-to-back for `seconds` after a warm-up. */
async function measure(
  mode: string,
  concurrency: number,
  rowsPerRequest: number,
  seconds: number,
  call: (i: number) => Promise<unknown>,
): Promise<Cell> {
  // Warm up at the measured concurrency: a keep-alive client opens one connection per concurrent request, and
  // connection set-up inside the measurement showed up as a >1 s p99 tail at concurrency 64.
  for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: Math.max(concurrency, 8) }, (_, i) => call(i)));
  const latencies: number[] = [];
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let i = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const s = performance.now();
        await call(i++);
        latencies.push(performance.now() - s);
      }
    }),
  );
  const elapsedS = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    mode,
    concurrency,
    rowsPerRequest,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    rowsPerSec: (latencies.length * rowsPerRequest) / elapsedS,
    requests: latencies.length,
  };
}

export default async function inferenceBench(args: string[]): Promise<void> {
  const trees = numberArg(args, "trees", 250);
  const heads = numberArg(args, "heads", 1);
  const F = numberArg(args, "features", 40);
  const rows = numberArg(args, "rows", 48);
  const seconds = numberArg(args, "seconds", 1.5);
  /** onnxruntime intra-op threads for every session (ORT_INTRA_OP_THREADS); 0 = one per core. */
  const threads = numberArg(args, "threads", 0);
  /** Sidecar inference worker threads (SIDECAR_WORKERS); -1 = the sidecar's default (one per core, ≤ 8). */
  const workers = numberArg(args, "workers", -1);
  const sidecarCpus = arg(args, "sidecar-cpus");
  const bigRows = 1024;
  const models = Array.from({ length: heads }, (_, h) =>
    randomGbdt({ seed: 500 + h, nFeatures: F, nTrees: trees, maxDepth: 6, objective: "quantile", alpha: (h + 1) / (heads + 1), baseScore: 100 }),
  );
  const exported = exportGbdtToOnnx(models.map((model, h) => ({ column: `h${h}`, model })));
  const dir = await mkdtemp(path.join(tmpdir(), "almanac-bench-inference-"));
  const store = new LocalArtifactStore(dir);
  const { sha256 } = await store.put(exported.bytes, exported.manifest);
  // A pool of distinct requests so no layer can cache an answer.
  const pool = 64;
  const X = stressRows(models, pool * rows, 1);
  const requests = Array.from({ length: pool }, (_, i) => X.subarray(i * rows * F, (i + 1) * rows * F));
  const XBig = stressRows(models, bigRows, 2);

  console.log(
    `inference bench: ${heads} heads × ${trees} trees (depth ≤ 6), ${F} features, ${rows} rows/request, ${seconds}s per cell, onnxruntime threads ${threads || "default"}, sidecar workers ${workers >= 0 ? workers : "default"}${sidecarCpus ? ` pinned to CPUs ${sidecarCpus}` : ""}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}`,
  );

  const sidecars: SpawnedSidecar[] = [];
  const cells: Cell[] = [];
  try {
    const sidecarEnv = { ARTIFACT_DIR: dir, ORT_INTRA_OP_THREADS: String(threads), ...(workers >= 0 ? { SIDECAR_WORKERS: String(workers) } : {}) };
    const batched = await spawnSidecar({ ...sidecarEnv, SIDECAR_BATCHING: "on" }, { cpus: sidecarCpus });
    const unbatched = await spawnSidecar({ ...sidecarEnv, SIDECAR_BATCHING: "off" }, { cpus: sidecarCpus });
    sidecars.push(batched, unbatched);
    const inProcess = new InferenceClient({ store, intraOpThreads: threads });
    const viaBatched = new InferenceClient({ store, inferenceUrl: batched.url, sidecarToken: batched.token, timeoutMs: 10_000 });
    const viaUnbatched = new InferenceClient({ store, inferenceUrl: unbatched.url, sidecarToken: unbatched.token, timeoutMs: 10_000 });
    const ts = async (data: Float64Array, n: number) => {
      for (const m of models) predictGbdt(m, data, n, F);
    };
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    const healthz = () =>
      new Promise<void>((resolve, reject) => {
        http
          .get(`${batched.url}/healthz`, { agent }, (res) => {
            res.resume();
            res.on("end", () => resolve());
          })
          .on("error", reject);
      });
    const modes: [string, (data: Float64Array, n: number) => Promise<unknown>][] = [
      ["typescript", ts],
      ["in-process ort", (data, n) => inProcess.infer(sha256, { data, nRows: n })],
      ["sidecar batched", (data, n) => viaBatched.infer(sha256, { data, nRows: n })],
      ["sidecar unbatched", (data, n) => viaUnbatched.infer(sha256, { data, nRows: n })],
      ["http floor", () => healthz()],
    ];
    for (const concurrency of [1, 16, 64]) {
      for (const [mode, run] of modes) {
        cells.push(await measure(mode, concurrency, rows, seconds, (i) => run(requests[i % pool], rows)));
      }
    }
    for (const [mode, run] of modes.filter(([m]) => m !== "http floor")) {
      cells.push(await measure(mode, 1, bigRows, seconds, () => run(XBig, bigRows)));
    }
    agent.destroy();

    for (const c of [inProcess, viaBatched, viaUnbatched]) {
      const s = c.stats();
      if (s.fallbacks.unavailable + s.fallbacks.timeout + s.fallbacks["circuit-open"] > 0) {
        console.log(`WARNING: fallbacks during the bench: ${JSON.stringify(s.fallbacks)}`);
      }
      await c.close();
    }
    const metrics = await (await fetch(`${batched.url}/metrics`, { headers: batched.authHeaders })).text();
    const batchCount = Number(/sidecar_batch_rows_count (\d+)/.exec(metrics)?.[1]);
    const batchSum = Number(/sidecar_batch_rows_sum (\d+(\.\d+)?)/.exec(metrics)?.[1]);
    console.log(`batched sidecar: ${batchCount} onnxruntime runs, mean ${(batchSum / batchCount).toFixed(1)} rows per run`);
  } finally {
    for (const s of sidecars) await s.kill("SIGTERM");
    await rm(dir, { recursive: true, force: true });
  }

  const baseline = (c: Cell) => cells.find((b) => b.mode === "typescript" && b.concurrency === c.concurrency && b.rowsPerRequest === c.rowsPerRequest) as Cell;
  printTable(
    ["mode", "conc", "rows/req", "requests", "p50 ms", "p99 ms", "rows/s", "rows/s ÷ ts", "p99 ÷ ts"],
    cells.map((c) => [
      c.mode,
      c.concurrency,
      c.rowsPerRequest,
      c.requests,
      c.p50Ms.toFixed(3),
      c.p99Ms.toFixed(3),
      Math.round(c.rowsPerSec),
      (c.rowsPerSec / baseline(c).rowsPerSec).toFixed(2),
      (c.p99Ms / baseline(c).p99Ms).toFixed(2),
    ]),
  );
  const find = (mode: string, conc: number) => cells.find((c) => c.mode === mode && c.concurrency === conc && c.rowsPerRequest === rows) as Cell;
  console.log(
    `targets: in-process p99 @1 = ${find("in-process ort", 1).p99Ms.toFixed(2)} ms (≤ 5); sidecar batched p99 @64 = ${find("sidecar batched", 64).p99Ms.toFixed(2)} ms (≤ 15); ` +
      `batched/unbatched rows/s @64 = ${(find("sidecar batched", 64).rowsPerSec / find("sidecar unbatched", 64).rowsPerSec).toFixed(2)}`,
  );
}
