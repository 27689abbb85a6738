/**
 * Sign-in under attack: throughput and latency of credentials sign-ins while 100 wrong-password attempts are
 * kept in flight, and whether the rest of the server stays responsive.
 *
 *   npm run bench -- auth [--seconds 15] [--in-flight 100]
 *
 * Each scenario starts a fresh server process: the app's real auth route (/api/auth/*, next-auth, the sign-in
 * limits, scrypt at N=2^17) and REST series route behind node:http, over PGlite (or TEST_DATABASE_URL).
 * Measured from other processes:
 * - attack (this process): `--in-flight` concurrent loops, each POSTing a wrong password as soon as its last
 *   answer came back, for `--seconds`; attempts still open at the end are counted as unfinished;
 * - probe (a child process, so its timings are not delayed by the attack loops): GET of 100 points from
 *   /api/v1/assets/bench/series/load every 20 ms on a new connection ("other requests"), and a real user
 *   signing in with the right password from its own address every 0.5 s (the csrf GET + POST round trip).
 * Scenarios: the server unattacked (baseline, the peer for the ratios); attacked with the limits configured off
 * (SIGN_IN_MAX_PER_*=1e9, PASSWORD_HASH_CONCURRENCY=64 — the old unlimited behaviour); attacked from one address
 * on one account with the default limits; attacked from a new address and a new email on every attempt (the
 * per-address and per-account limits do not apply, only the bound on concurrent hashing does).
 * Attack, probe and server share this machine's cores, so an attack that floods cheap 429s also costs the
 * server CPU through the attacker's own work.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import path from "node:path";
import { Readable } from "node:stream";
import { arg, numberArg } from "./args";
import { percentile } from "./percentile";
import { printTable } from "../ml/io/format-table";

const VICTIM = "victim@bench.example";
const USER = "user@bench.example";
const USER_PASSWORD = "the user's right password";
const USER_ADDRESS = "203.0.113.5";
const ATTACK_ADDRESS = "198.51.100.66";

interface Scenario {
  name: string;
  env: Record<string, string>;
  attack: "none" | "one-address" | "rotating";
}

const SCENARIOS: Scenario[] = [
  { name: "unattacked, default limits (baseline)", env: {}, attack: "none" },
  {
    name: "attacked, limits off (the old unlimited behaviour)",
    env: { SIGN_IN_MAX_PER_ACCOUNT: "1000000000", SIGN_IN_MAX_PER_IP: "1000000000", PASSWORD_HASH_CONCURRENCY: "64" },
    attack: "one-address",
  },
  { name: "attacked from one address, one account, default limits", env: {}, attack: "one-address" },
  { name: "attacked from a new address and email each attempt, default limits", env: {}, attack: "rotating" },
];

// ---------------------------------------------------------------- server process (`--serve`)

type Handler = (request: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

async function serve(): Promise<void> {
  const { createTestDb } = await import("@/db/testing");
  const { setRouteDbForTests } = await import("@/server/http/handle-route");
  const { createUser } = await import("@/server/users/create-user");
  const { createAsset } = await import("@/server/assets");
  const { createApiKey } = await import("@/server/api-keys/manage-api-keys");
  const { ingestBatch } = await import("@/server/ingest/ingest-batch");
  const auth = await import("@/app/api/auth/[...nextauth]/route");
  const seriesRoute = await import("@/app/api/v1/assets/[assetId]/series/[metric]/route");

  const handle = await createTestDb();
  setRouteDbForTests(handle);
  const db = handle.db;
  await createUser(db, { email: VICTIM, name: "Victim", role: "viewer", password: randomBytes(18).toString("base64url") });
  await createUser(db, { email: USER, name: "User", role: "viewer", password: USER_PASSWORD });
  const asset = await createAsset(db, { slug: "bench", name: "Bench", kind: "meter" });
  const T0 = Date.UTC(2024, 0, 1);
  await ingestBatch(db, {
    assetId: asset.id,
    source: "bench",
    series: [{ metric: "load", points: Array.from({ length: 500 }, (_, i) => ({ tsMs: T0 + i * 3_600_000, value: Math.sin(i / 12) * 10 + 50 })) }],
  });
  const { key } = await createApiKey(db, { name: "bench", scopes: ["read"] });

  const routes: { pattern: RegExp; handler: Handler; params: (m: RegExpExecArray) => Record<string, string | string[]> }[] = [
    { pattern: /^\/api\/auth\/(?<rest>.+)$/, handler: (auth.POST as unknown) as Handler, params: (m) => ({ nextauth: m.groups!.rest.split("/") }) },
    { pattern: /^\/api\/v1\/assets\/(?<assetId>[^/]+)\/series\/(?<metric>[^/]+)$/, handler: (seriesRoute.GET as unknown) as Handler, params: (m) => ({ ...m.groups! }) },
  ];
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // Time from the request event to the last byte written, for the series GETs: the server's own share of
  // what the probe measures.
  let serverGetMs: number[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const t0 = performance.now();
    try {
      const url = new URL(req.url ?? "/", `http://${req.headers.host}`);
      if (url.pathname === "/__bench/stats") {
        const cpu = process.cpuUsage();
        const sorted = [...serverGetMs].sort((a, b) => a - b);
        res.end(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024, loopMaxMs: loop.max / 1e6, serverGetP99Ms: percentile(sorted, 0.99) }));
        if (url.searchParams.has("reset")) {
          loop.reset();
          serverGetMs = [];
        }
        return;
      }
      const route = routes.find((r) => r.pattern.test(url.pathname));
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(url, {
        method: req.method,
        headers,
        body: req.method === "GET" || req.method === "HEAD" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>),
        duplex: "half",
      } as RequestInit);
      const response = await route.handler(request, { params: Promise.resolve(route.params(route.pattern.exec(url.pathname)!)) });
      const out: Record<string, string | string[]> = Object.fromEntries(response.headers);
      const cookies = response.headers.getSetCookie();
      if (cookies.length) out["set-cookie"] = cookies;
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
      if (req.method === "GET" && url.pathname.startsWith("/api/v1/")) serverGetMs.push(performance.now() - t0);
    } catch (error) {
      console.error(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.stdout.write(`READY ${(server.address() as AddressInfo).port} ${key}\n`);
}

// ---------------------------------------------------------------- attacker process (`--attack PLAN`)

interface AttackPlan {
  base: string;
  csrfToken: string;
  cookie: string;
  mode: "one-address" | "rotating";
  seconds: number;
  inFlight: number;
}

interface AttackResult {
  attempts: { ms: number; status: number }[];
  /** Ages of the attempts still open when the run ended (lower bounds of their latency). */
  openAgesMs: number[];
}

/** `inFlight` loops, each sending its next wrong password as soon as the last one was answered. */
async function runAttack(plan: AttackPlan): Promise<void> {
  // node:http with keep-alive sockets: far less client CPU per request than fetch.
  const agent = new Agent({ keepAlive: true, maxSockets: plan.inFlight });
  const send = (email: string, address: string, signal: AbortSignal) =>
    new Promise<number>((resolve, reject) => {
      const body = new URLSearchParams({ csrfToken: plan.csrfToken, email, password: `wrong ${randomBytes(6).toString("hex")}`, json: "true" }).toString();
      const req = httpRequest(
        `${plan.base}/api/auth/callback/credentials`,
        {
          method: "POST",
          agent,
          signal,
          headers: { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body), cookie: plan.cookie, "x-forwarded-for": address },
        },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const result: AttackResult = { attempts: [], openAgesMs: [] };
  const stopAt = AbortSignal.timeout(plan.seconds * 1000);
  // One signal for every request in flight.
  setMaxListeners(plan.inFlight + 10, stopAt);
  process.stdout.write("STARTED\n");
  await Promise.all(
    Array.from({ length: plan.inFlight }, async () => {
      while (!stopAt.aborted) {
        const rotating = plan.mode === "rotating";
        const email = rotating ? `guess-${randomBytes(6).toString("hex")}@bench.example` : VICTIM;
        const address = rotating ? `10.${randomBytes(3).join(".")}` : ATTACK_ADDRESS;
        const start = performance.now();
        try {
          result.attempts.push({ status: await send(email, address, stopAt), ms: performance.now() - start });
        } catch {
          if (stopAt.aborted) result.openAgesMs.push(performance.now() - start);
          else result.attempts.push({ status: 0, ms: performance.now() - start });
        }
      }
    }),
  );
  agent.destroy();
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------- probe process

const PROBE = `
const http = require("node:http");
const [base, key, email, password, address] = process.argv.slice(1);
function get() {
  const t0 = performance.now();
  const done = (ok) => {
    process.stdout.write("P " + (ok ? 1 : 0) + " " + (performance.now() - t0).toFixed(2) + "\\n");
    setTimeout(get, 20);
  };
  http.get(base + "/api/v1/assets/bench/series/load?limit=100", { agent: false, headers: { authorization: "Bearer " + key } }, (res) => {
    res.resume();
    res.on("end", () => done(res.statusCode === 200));
  }).on("error", () => done(false));
}
async function signIn() {
  for (;;) {
    const t0 = performance.now();
    let status = "error";
    try {
      const csrf = await fetch(base + "/api/auth/csrf", { headers: { "x-forwarded-for": address } });
      const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
      const { csrfToken } = await csrf.json();
      const res = await fetch(base + "/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": address },
        body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
      });
      await res.arrayBuffer();
      const signedIn = res.headers.getSetCookie().some((c) => c.includes("session-token="));
      status = res.status === 200 && signedIn ? "ok" : String(res.status);
    } catch {}
    process.stdout.write("S " + status + " " + (performance.now() - t0).toFixed(2) + "\\n");
    await new Promise((r) => setTimeout(r, 500));
  }
}
get();
signIn();
`;

function collectLines(child: ChildProcess, onLine: (line: string) => void) {
  let buffered = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const l of lines) if (l) onLine(l);
  });
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
}

// ---------------------------------------------------------------- one scenario

interface Result {
  scenario: Scenario;
  attempts: { ms: number; status: number }[];
  seconds: number;
  gets: number[];
  getsFailed: number;
  signIns: { ms: number; status: string }[];
  cpuPct: number;
  maxRssMiB: number;
  loopMaxMs: number;
  serverGetP99Ms: number;
  /** Ages of the attempts still open when the run ended (lower bounds of their latency). */
  openAgesMs: number[];
  loadAvg1: number;
}

async function runScenario(scenario: Scenario, seconds: number, inFlight: number): Promise<Result> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...scenario.env,
    NODE_ENV: "production",
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    LOG_LEVEL: "error",
  };
  delete env.NEXTAUTH_URL;
  delete env.REDIS_URL;
  const server = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "run.ts"), "auth", "--serve"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  server.stderr!.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const ready = await new Promise<{ port: number; key: string }>((resolve, reject) => {
    collectLines(server, (line) => {
      const m = /^READY (\d+) (\S+)$/.exec(line);
      if (m) resolve({ port: Number(m[1]), key: m[2] });
    });
    server.once("exit", (code) => reject(new Error(`bench server exited (${code}):\n${stderr}`)));
  });
  const base = `http://127.0.0.1:${ready.port}`;
  const stats = async (reset = false) =>
    (await (await fetch(`${base}/__bench/stats${reset ? "?reset" : ""}`)).json()) as { cpuMs: number; maxRssMiB: number; loopMaxMs: number; serverGetP99Ms: number };

  // Warm-up: compile the routes' code paths and the decoy hash for unknown emails.
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers: { "x-forwarded-for": "192.0.2.250" } });
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const post = (email: string, address: string) =>
    fetch(`${base}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, "x-forwarded-for": address },
      body: new URLSearchParams({ csrfToken, email, password: "wrong", json: "true" }),
    });
  await (await post("warm-up@bench.example", "192.0.2.251")).arrayBuffer();
  await (await fetch(`${base}/api/v1/assets/bench/series/load?limit=100`, { headers: { authorization: `Bearer ${ready.key}` } })).arrayBuffer();

  const gets: number[] = [];
  const signIns: { ms: number; status: string }[] = [];
  let getsFailed = 0;
  let measuring = false;
  const probe = spawn(process.execPath, ["-e", PROBE, base, ready.key, USER, USER_PASSWORD, USER_ADDRESS], { stdio: ["ignore", "pipe", "inherit"] });
  collectLines(probe, (line) => {
    if (!measuring) return;
    const [kind, a, b] = line.split(" ");
    if (kind === "P") {
      if (a === "1") gets.push(Number(b));
      else getsFailed++;
    } else if (kind === "S") signIns.push({ status: a, ms: Number(b) });
  });
  await new Promise((r) => setTimeout(r, 1500));

  let attack: AttackResult = { attempts: [], openAgesMs: [] };
  let before: Awaited<ReturnType<typeof stats>>;
  let t0 = performance.now();
  if (scenario.attack === "none") {
    before = await stats(true);
    t0 = performance.now();
    measuring = true;
    await new Promise((r) => setTimeout(r, seconds * 1000));
  } else {
    // The attacker is its own process at a lower priority: on this one shared machine it must not take the
    // cores a real server would not share with a remote attacker. It says when its loops start.
    const plan: AttackPlan = { base, csrfToken, cookie, mode: scenario.attack, seconds, inFlight };
    const attacker = spawn("nice", ["-n", "10", process.execPath, "--import", "tsx", path.join(import.meta.dirname, "run.ts"), "auth", "--attack", JSON.stringify(plan)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let started: () => void;
    const startedP = new Promise<void>((r) => (started = r));
    const resultP = new Promise<AttackResult>((resolve, reject) => {
      collectLines(attacker, (line) => {
        if (line === "STARTED") started();
        else if (line.startsWith("RESULT ")) resolve(JSON.parse(line.slice(7)) as AttackResult);
      });
      attacker.once("exit", (code) => reject(new Error(`attacker exited (${code}) without a result`)));
    });
    await startedP;
    before = await stats(true);
    t0 = performance.now();
    measuring = true;
    attack = await resultP;
  }
  measuring = false;
  if (process.env.AUTH_BENCH_DEBUG) {
    const q = (xs: number[], p: number) => percentile([...xs].sort((a, b) => a - b), p).toFixed(0);
    process.stderr.write(`[debug] ${gets.length} GETs: total p50 ${q(gets, 0.5)} p99 ${q(gets, 0.99)} max ${q(gets, 1)}\n`);
  }
  const elapsedS = (performance.now() - t0) / 1000;
  const after = await stats().catch(() => before);
  await stop(probe);
  await stop(server);
  return {
    scenario,
    attempts: attack.attempts,
    seconds: elapsedS,
    gets,
    getsFailed,
    signIns,
    cpuPct: ((after.cpuMs - before.cpuMs) / 1000 / elapsedS) * 100,
    maxRssMiB: after.maxRssMiB,
    loopMaxMs: after.loopMaxMs,
    serverGetP99Ms: after.serverGetP99Ms,
    openAgesMs: attack.openAgesMs,
    loadAvg1: os.loadavg()[0],
  };
}

// ---------------------------------------------------------------- table

const ms = (x: number) => (Number.isFinite(x) ? (x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`) : "-");
const ratio = (x: number, peer: number) => (Number.isFinite(x) && Number.isFinite(peer) && peer > 0 ? `${(x / peer).toFixed(2)}×` : "-");

/**
 * p99 of the attempts' latencies, counting those still open at the end at their age so far. When an open one
 * reaches the p99 its true latency is unknown, so the figure is a lower bound ("≥").
 */
function attemptP99(done: number[], openAgesMs: number[]): string {
  const all = [...done, ...openAgesMs].sort((a, b) => a - b);
  const p99 = percentile(all, 0.99);
  return `${openAgesMs.some((a) => a >= p99) ? "≥ " : ""}${ms(p99)}`;
}

function summarise(r: Result) {
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const attemptMs = r.attempts.map((a) => a.ms);
  const by = (s: number) => r.attempts.filter((a) => a.status === s).length;
  const okSignIns = r.signIns.filter((s) => s.status === "ok");
  return {
    attemptsPerS: r.attempts.length / r.seconds,
    hashedPerS: by(401) / r.seconds,
    attemptP50: percentile(sorted(attemptMs), 0.5),
    attemptP99: attemptP99(attemptMs, r.openAgesMs),
    openLongest: Math.max(0, ...r.openAgesMs),
    s401: by(401),
    s429: by(429),
    other: r.attempts.length - by(401) - by(429),
    signInOk: `${okSignIns.length}/${r.signIns.length}`,
    signInP99: percentile(sorted(okSignIns.map((s) => s.ms)), 0.99),
    getP50: percentile(sorted(r.gets), 0.5),
    getP99: percentile(sorted(r.gets), 0.99),
    getMax: sorted(r.gets).at(-1) ?? NaN,
  };
}

export default async function authBench(args: string[]): Promise<void> {
  if (args.includes("--serve")) return serve();
  const plan = arg(args, "attack");
  if (plan) return runAttack(JSON.parse(plan) as AttackPlan);
  const seconds = numberArg(args, "seconds", 15);
  const inFlight = numberArg(args, "in-flight", 100);
  const results: Result[] = [];
  const only = arg(args, "only");
  for (const scenario of only ? SCENARIOS.filter((_, i) => only.split(",").includes(String(i))) : SCENARIOS) {
    process.stderr.write(`[auth bench] ${scenario.name} (${seconds} s)\n`);
    results.push(await runScenario(scenario, seconds, inFlight));
  }
  const rows = results.map((r) => ({ r, s: summarise(r) }));
  const peer = rows[0].s;
  console.log(
    `\nsign-in under attack: ${inFlight} wrong-password attempts in flight for ${seconds} s per scenario; scrypt N=2^17 (128 MiB); ` +
      `${os.cpus().length} CPUs, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? "4 (default)"}; database ${process.env.TEST_DATABASE_URL ? "Postgres (TEST_DATABASE_URL)" : "PGlite"}; limits in memory`,
  );
  console.log(`defaults: 5 attempts per account, 20 per address per 15 min, blocked 15 min; 2 hashes at once, 8 waiting, further attempts 429 Retry-After: 1\n`);
  printTable(
    ["scenario", "attempts/s", "hashed/s", "attempt p50", "attempt p99", "401", "429", "other", "open at end", "user sign-ins ok", "user sign-in p99", "× baseline", "other GET p50", "other GET p99", "× baseline", "GET max", "GET p99 in server", "server loop delay max", "server CPU", "server peak RSS", "host load (1 min)"],
    rows.map(({ r, s }) => [
      r.scenario.name,
      r.scenario.attack === "none" ? "-" : s.attemptsPerS.toFixed(1),
      r.scenario.attack === "none" ? "-" : s.hashedPerS.toFixed(2),
      r.scenario.attack === "none" ? "-" : ms(s.attemptP50),
      r.scenario.attack === "none" ? "-" : s.attemptP99,
      s.s401,
      s.s429,
      s.other,
      r.scenario.attack === "none" ? "-" : `${r.openAgesMs.length} (oldest ${ms(s.openLongest)})`,
      s.signInOk,
      ms(s.signInP99),
      ratio(s.signInP99, peer.signInP99),
      ms(s.getP50),
      ms(s.getP99),
      ratio(s.getP99, peer.getP99),
      ms(s.getMax),
      ms(r.serverGetP99Ms),
      ms(r.loopMaxMs),
      `${r.cpuPct.toFixed(0)}%`,
      `${r.maxRssMiB.toFixed(0)} MiB`,
      r.loadAvg1.toFixed(1),
    ]),
  );
  console.log(`\nratios: to the unattacked baseline row, measured in this run.`);
  for (const { r, s } of rows.slice(1)) {
    console.log(`${r.scenario.name}: other GET p99 ${ms(s.getP99)} — ${s.getP99 < 200 ? "responsive (< 200 ms)" : "NOT responsive (>= 200 ms)"}; ${r.getsFailed} GETs failed`);
  }
}
