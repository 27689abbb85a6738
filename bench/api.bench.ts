/**
 * The IoT API under load: autocannon against `next start` (the production build) on real Postgres + Redis.
 *
 *   npm run bench -- api [--seconds 30] [--connections 64] [--db postgres://postgres@127.0.0.1:5432/postgres]
 *                        [--redis redis://127.0.0.1:6379] [--port 3107] [--only cached,detect]
 *
 * Set-up (in this process, not timed): a scratch database on the server, the demo data, and a champion for
 * ew-demand trained by the real train-model job (embedded runner, fast options) into a temporary artifact
 * store; then `scripts/start.ts` (builds when the build is stale) serves the app on that database, Redis and
 * store. Scenarios, each `--connections` concurrent connections for `--seconds`:
 * - GET /api/health — the framework's floor on this machine, the peer for the ratios;
 * - predict, cached — the same stored-history request (an answer from Redis after the first);
 * - predict, uncached — posted history whose newest value changes on every request, so each one is inferred;
 * - detect_anomalies on 1,000 readings;
 * - predict/batch of 50 items (stored history, cached after the first round).
 * Targets (issue #13): predict p99 ≤ 10 ms cached and ≤ 50 ms uncached; detect_anomalies p99 ≤ 200 ms.
 * Client and server share this machine's cores.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { arg, numberArg } from "./args";
import { printTable } from "../ml/io/format-table";

interface Scenario {
  name: string;
  method: "GET" | "POST";
  path: string;
  /** A body per request (a function: varies per request). */
  body?: string | (() => string);
  target?: string;
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs} ms`);
}

function run(url: string, s: Scenario, connections: number, seconds: number, key: string): Promise<autocannon.Result> {
  const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
  const varying = typeof s.body === "function" ? s.body : undefined;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: url + s.path,
        connections,
        duration: seconds,
        timeout: 60,
        method: s.method,
        headers,
        body: typeof s.body === "string" ? s.body : undefined,
        requests: varying ? [{ method: s.method, path: s.path, headers, setupRequest: (req) => ({ ...req, body: varying() }) }] : undefined,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

export default async function apiBench(args: string[]): Promise<void> {
  const seconds = numberArg(args, "seconds", 30);
  const connections = numberArg(args, "connections", 64);
  const adminUrl = arg(args, "db", "postgres://postgres@127.0.0.1:5432/postgres");
  const redisUrl = arg(args, "redis", "redis://127.0.0.1:6379");
  const port = numberArg(args, "port", 3107);
  // --only cached,detect: scenarios whose name contains one of the words (the health peer always runs).
  const only = arg(args, "only", "")
    .split(",")
    .map((w) => w.trim())
    .filter(Boolean);
  const base = `http://127.0.0.1:${port}`;

  const { default: postgres } = await import("postgres");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const dbName = `almanac_bench_api_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${dbName}`);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "almanac-bench-api-"));
  const artifactDir = path.join(dataDir, "models");
  let server: ChildProcess | undefined;
  try {
    const [{ openDb }, { seedDemo }, { getAsset, readObservations, getSeries }, { createApiKey }, { EmbeddedRunner }, { allJobs }, { createArtifactStore }, { createInferenceClient }, { createMemoryCache }, { FAST_TRAINING }] =
      await Promise.all([
        import("@/db/client"),
        import("@/server/seed/seed-demo"),
        import("@/server/assets"),
        import("@/server/api-keys/manage-api-keys"),
        import("@/inngest/embedded/runner"),
        import("@/inngest/jobs"),
        import("@/server/serving/artifacts"),
        import("@/server/serving/inference"),
        import("@/server/cache"),
        import("@/inngest/testing/job-harness"),
      ]);
    const handle = await openDb({ url: dbUrl.toString(), max: 5 });
    await seedDemo(handle.db);
    const asset = await getAsset(handle.db, { idOrSlug: "ew-demand" });
    const artifacts = createArtifactStore({ artifactDir });
    const inference = createInferenceClient({ store: artifacts, executionProviders: ["cpu"] });
    const runner = new EmbeddedRunner({ db: handle.db, definitions: allJobs, deps: { cache: createMemoryCache(), artifacts, inference }, cron: false, pollMs: 60_000 });
    await runner.start();
    console.log("[bench api] training the ew-demand champion (fast options)…");
    const { runId } = await runner.dispatch("train-model", { assetId: asset.id, metric: "demand_mw", options: FAST_TRAINING }, { trigger: "api" });
    const status = await runner.waitFor(runId, 600_000);
    await runner.stop();
    await inference.close();
    if (status !== "succeeded") throw new Error(`training ended ${status}`);
    const { key } = await createApiKey(handle.db, { name: "bench", scopes: ["predict", "read"] });
    const series = await getSeries(handle.db, { assetId: asset.id, metric: "demand_mw" });
    const obs = await readObservations(handle.db, { seriesId: series.id });
    await handle.close();

    const history = obs.slice(-1500).map((o) => ({ timestamp: o.ts.toISOString(), value: o.value }));
    const stream = obs.slice(-1000).map((o, i) => ({ timestamp: o.ts.toISOString(), value: i === 500 ? o.value * 1.4 : o.value }));
    let n = 0;
    const scenarios: Scenario[] = [
      { name: "GET /api/health (peer)", method: "GET", path: "/api/health" },
      { name: "predict, cached", method: "POST", path: "/api/v1/assets/ew-demand/predict", body: JSON.stringify({ forecast_horizon: 24 }), target: "p99 ≤ 10 ms" },
      {
        name: "predict, uncached (posted history)",
        method: "POST",
        path: "/api/v1/assets/ew-demand/predict",
        body: () => {
          const h = history.slice();
          h[h.length - 1] = { ...h[h.length - 1], value: h[h.length - 1].value + ++n * 1e-3 };
          return JSON.stringify({ forecast_horizon: 24, historical_data: h });
        },
        target: "p99 ≤ 50 ms",
      },
      { name: "detect_anomalies, 1,000 points", method: "POST", path: "/api/v1/assets/ew-demand/detect_anomalies", body: JSON.stringify({ data_stream: stream }), target: "p99 ≤ 200 ms" },
      {
        name: "predict/batch, 50 items",
        method: "POST",
        path: "/api/v1/predict/batch",
        body: JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ asset_id: "ew-demand", forecast_horizon: 1 + (i % 48) })) }),
      },
    ];

    server = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: dbUrl.toString(),
        REDIS_URL: redisUrl,
        DATA_DIR: dataDir,
        ARTIFACT_DIR: artifactDir,
        API_RATE_LIMIT_PER_MINUTE: "1000000",
        SEED_DEMO: "false",
        LOG_LEVEL: "warn",
        NEXTAUTH_URL: base,
        NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
        NEXT_TELEMETRY_DISABLED: "1",
      },
    });
    await waitForServer(`${base}/api/health`, server, 15 * 60_000);

    const rows: (string | number)[][] = [];
    let peerP99 = NaN;
    let peerSingleP99 = NaN;
    for (const s of scenarios.filter((x) => x.path === "/api/health" || only.length === 0 || only.some((w) => x.name.includes(w)))) {
      await run(base, { ...s }, Math.min(8, connections), 3, key); // warm-up: JIT, caches, connections
      const r = await run(base, s, connections, seconds, key);
      // One connection: the latency of a request on its own, without the queue 64 closed-loop clients build.
      const single = await run(base, s, 1, Math.max(5, Math.round(seconds / 3)), key);
      if (s.path === "/api/health") [peerP99, peerSingleP99] = [r.latency.p99, single.latency.p99];
      rows.push([
        s.name,
        r.requests.total.toLocaleString("en-US"),
        Math.round(r.requests.average).toLocaleString("en-US"),
        r.latency.p50,
        r.latency.p99,
        (r.latency.p99 / peerP99).toFixed(2),
        single.latency.p50,
        single.latency.p99,
        (single.latency.p99 / peerSingleP99).toFixed(2),
        r.non2xx + r.errors + r.timeouts + single.non2xx + single.errors + single.timeouts,
        s.target ?? "",
      ]);
    }
    console.log(`\nIoT API, ${connections} connections × ${seconds} s each, next start on Postgres + Redis (${os.cpus().length} CPUs shared by client and server)`);
    printTable(
      ["scenario", "requests", "req/s", "p50 ms", "p99 ms", "p99 / health", "1 conn p50", "1 conn p99", "1 conn p99 / health", "non-2xx+errors", "target"],
      rows,
    );
  } finally {
    server?.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await admin.unsafe(`drop database if exists ${dbName} with (force)`).catch(() => {});
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
