/**
 * How well a process that trains a model still answers HTTP while the train-model job runs in it.
 *
 *   npm run bench -- responsiveness [--quick]
 *     The real job (embedded runner, the 4,032-point demand series, real database, artifact store and
 *     onnxruntime) runs in this process while a tiny HTTP server here answers `GET /ping`; perf_hooks samples
 *     this process's event-loop delay. Uses TEST_DATABASE_URL when set (real Postgres), else PGlite.
 *
 *   npm run bench -- responsiveness --url http://127.0.0.1:3000 --email E --password P [--quick]
 *     Against a running app (`npm start`, embedded runner): signs in, starts a training job on ew-demand
 *     through tRPC and measures the jobs page's query (`jobs.list`) from just before the start until the end.
 *
 * Either way a client in a separate process (so its timings are not delayed by the loop it measures) sends
 * one GET at a time, 20 ms apart, each on a new connection. Default options are the training bench's STANDARD
 * set; --quick uses the tests' FAST_TRAINING.
 */
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { asc, eq } from "drizzle-orm";
import { jobSteps } from "@/db/schema";
import { createJobHarness, FAST_TRAINING, loadDemandAsset } from "@/inngest/testing/job-harness";
import { STANDARD } from "./training.bench";
import { arg } from "./args";
import { percentile } from "./percentile";

const CLIENT = `
const http = require("node:http");
const [url, cookie] = process.argv.slice(1);
function once() {
  const t0 = performance.now();
  const done = (ok) => {
    process.stdout.write((ok ? "" : "E") + (performance.now() - t0).toFixed(2) + "\\n");
    setTimeout(once, 20);
  };
  // A new connection per request: a keep-alive socket the blocked server closes late would reset requests.
  http.get(url, { agent: false, headers: cookie ? { cookie } : {} }, (res) => {
    res.resume();
    res.on("end", () => done(res.statusCode === 200));
  }).on("error", () => done(false));
}
once();
`;

/** Starts the GET client; `stop()` ends it and returns what it measured after `reset()`. */
async function startClient(url: string, cookie = "") {
  const latenciesMs: number[] = [];
  let failed = 0;
  const child = spawn(process.execPath, ["-e", CLIENT, url, cookie], { stdio: ["ignore", "pipe", "inherit"] });
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const l of lines) {
      if (l.startsWith("E")) failed++;
      else if (l) latenciesMs.push(Number(l));
    }
  });
  // Let the client connect and warm up (and the route compile or cache) before measuring.
  await new Promise((r) => setTimeout(r, 2000));
  latenciesMs.length = 0;
  failed = 0;
  return {
    stop() {
      child.kill("SIGTERM");
      const sorted = [...latenciesMs].sort((a, b) => a - b);
      const q = (p: number) => percentile(sorted, p);
      return `${sorted.length} requests: p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(0)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms, over 500 ms: ${sorted.filter((x) => x > 500).length}, failed: ${failed}`;
    },
  };
}

async function inProcess(options: Record<string, unknown>) {
  const h = await createJobHarness();
  const server = http.createServer((_req, res) => res.end("ok"));
  try {
    const asset = await loadDemandAsset(h);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const client = await startClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`);

    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    // Stalls over 50 ms, to say which stage they fell in.
    const stalls: { atMs: number; gapMs: number }[] = [];
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      if (now - last > 60) stalls.push({ atMs: Date.now() - (now - last) / 2, gapMs: now - last - 10 });
      last = now;
    }, 10);
    const t0 = performance.now();
    const { runId } = await h.deps.dispatch("train-model", { assetId: asset.id, metric: "demand_mw", options });
    const status = await h.runner.waitFor(runId, 3_600_000);
    const wallS = (performance.now() - t0) / 1000;
    loop.disable();
    clearInterval(ticker);
    const gets = client.stop();

    const steps = await h.handle.db.select().from(jobSteps).where(eq(jobSteps.runId, runId)).orderBy(asc(jobSteps.startedAt));
    const inStep = (atMs: number) => steps.find((s) => s.startedAt.getTime() <= atMs && atMs <= (s.finishedAt ?? s.startedAt).getTime())?.stepId ?? "between steps";
    const longest = [...stalls].sort((a, b) => b.gapMs - a.gapMs).slice(0, 5);
    console.log(`database ${h.handle.driver}; options ${JSON.stringify(options)}`);
    console.log(`train-model ${status} in ${wallS.toFixed(1)} s; stages: ${steps.map((s) => `${s.stepId} ${(((s.finishedAt ?? s.startedAt).getTime() - s.startedAt.getTime()) / 1000).toFixed(1)} s`).join(", ")}`);
    console.log(`event-loop delay: max ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms, mean ${(loop.mean / 1e6).toFixed(1)} ms`);
    console.log(`stalls over 50 ms: ${stalls.length}${longest.length ? `; longest: ${longest.map((x) => `${x.gapMs.toFixed(0)} ms (${inStep(x.atMs)})`).join(", ")}` : ""}`);
    console.log(`GET /ping: ${gets}`);
  } finally {
    server.close();
    await h.close();
  }
}

/** next-auth credentials sign-in; returns the Cookie header of the session. */
async function signIn(base: string, email: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    redirect: "manual",
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in as ${email} failed (HTTP ${res.status})`);
  return cookie();
}

async function againstServer(base: string, email: string, password: string, options: Record<string, unknown>) {
  const cookie = await signIn(base, email, password);
  const trpc = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${base}/api/trpc/${path}`, { ...init, headers: { cookie, "content-type": "application/json", ...init?.headers } });
    const body = (await res.json()) as { result?: { data: { json: Record<string, unknown> } }; error?: unknown };
    if (!body.result) throw new Error(`tRPC ${path} failed: ${JSON.stringify(body.error)}`);
    return body.result.data.json;
  };
  // The jobs page's list query, measured from before the job starts (the start request itself included).
  const client = await startClient(`${base}/api/trpc/jobs.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 10 } }))}`, cookie);
  const t0 = performance.now();
  const started = await trpc("jobs.startTraining", { method: "POST", body: JSON.stringify({ json: { asset: "ew-demand", metric: "demand_mw", options } }) });
  const startMs = performance.now() - t0;
  const getPath = `jobs.get?input=${encodeURIComponent(JSON.stringify({ json: { runId: started.runId } }))}`;
  let run: Record<string, unknown>;
  for (;;) {
    run = await trpc(getPath);
    if (["succeeded", "failed", "cancelled"].includes(run.status as string)) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const gets = client.stop();
  const steps = run.steps as { stepId: string; startedAt: string; finishedAt: string | null }[];
  console.log(`${base}; options ${JSON.stringify(options)}`);
  console.log(`jobs.startTraining answered in ${startMs.toFixed(0)} ms`);
  console.log(`train-model ${run.status} (watched ${((performance.now() - t0) / 1000).toFixed(1)} s); stages: ${steps.map((s) => `${s.stepId} ${((new Date(s.finishedAt ?? s.startedAt).getTime() - new Date(s.startedAt).getTime()) / 1000).toFixed(1)} s`).join(", ")}`);
  console.log(`GET /api/trpc/jobs.list: ${gets}`);
}

export default async function responsivenessBench(args: string[]): Promise<void> {
  const options = args.includes("--quick") ? FAST_TRAINING : STANDARD;
  const url = arg(args, "url");
  if (url) await againstServer(url.replace(/\/$/, ""), arg(args, "email") ?? "", arg(args, "password") ?? "", options);
  else await inProcess(options);
}
