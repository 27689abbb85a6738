/**
 * `npm test`: typecheck, lint, unit, integration (real Postgres + Redis, then the same suite on embedded
 * PGlite), and the Playwright browser suite against a production build.
 *
 * Where no Postgres, Redis or Chromium is reachable (a user's fresh laptop) the suites fall back to the
 * embedded equivalents, or skip the browser suite, and say so loudly. With CI=true nothing may fall back:
 * CI must always exercise the real servers.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";

// This script configures the test processes it starts, so it reads the raw environment on purpose.
const rawEnv = process.env;
const isCi = rawEnv.CI === "true" || rawEnv.CI === "1";
const pgUrl = rawEnv.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const redisUrl = rawEnv.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const chromiumPath = rawEnv.CHROMIUM_PATH ?? "/usr/bin/chromium";
const outDir = path.resolve("test-results");
const only = new Set(process.argv.slice(2));

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1500, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

function banner(lines: string[]): void {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = "!".repeat(width);
  console.log(`\n${bar}\n${lines.map((l) => `! ${l.padEnd(width - 4)} !`).join("\n")}\n${bar}\n`);
}

interface Step {
  name: string;
  cmd: string[];
  env?: Record<string, string | undefined>;
  /** JSON report written by the step, to count tests. */
  report?: { file: string; kind: "vitest" | "playwright" };
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function run(step: Step): Promise<number> {
  console.log(`\n=== ${step.name}: ${step.cmd.join(" ")}`);
  return new Promise((resolve) => {
    const child = spawn(step.cmd[0], step.cmd.slice(1), {
      stdio: "inherit",
      env: { ...rawEnv, NEXT_TELEMETRY_DISABLED: "1", ...step.env },
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function countReport(step: Step): Counts | undefined {
  if (!step.report || !existsSync(step.report.file)) return undefined;
  const json = JSON.parse(readFileSync(step.report.file, "utf8"));
  if (step.report.kind === "vitest") {
    return {
      passed: json.numPassedTests ?? 0,
      failed: json.numFailedTests ?? 0,
      skipped: (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0),
    };
  }
  const s = json.stats ?? {};
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 };
}

async function main(): Promise<void> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const hasPg = await reachable(pgUrl, 5432);
  const hasRedis = await reachable(redisUrl, 6379);
  const hasChromium = existsSync(chromiumPath);
  const missing: string[] = [];
  if (!hasPg) missing.push(`Postgres not reachable at ${pgUrl}: integration tests run on embedded PGlite only.`);
  if (!hasRedis) missing.push(`Redis not reachable at ${redisUrl}: cache tests use the in-memory cache only.`);
  if (!hasChromium) missing.push(`Chromium not found at ${chromiumPath}: the browser (Playwright) suite is SKIPPED.`);
  if (missing.length) {
    banner(["REDUCED TEST RUN", ...missing, "Install/start them (see README) for the full suite."]);
    if (isCi) {
      console.error("CI=true: refusing to fall back; CI must exercise real Postgres, Redis and Chromium.");
      process.exit(1);
    }
  }

  const vitest = (project: string, tag: string, env: Record<string, string | undefined>): Step => {
    const file = path.join(outDir, `vitest-${tag}.json`);
    return {
      name: `${project} tests (${tag})`,
      cmd: ["npx", "vitest", "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${file}`],
      env,
      report: { file, kind: "vitest" },
    };
  };
  const realServices = {
    TEST_DATABASE_URL: hasPg ? pgUrl : undefined,
    TEST_REDIS_URL: hasRedis ? redisUrl : undefined,
  };
  const embedded = { TEST_DATABASE_URL: undefined, TEST_REDIS_URL: undefined };

  const steps: Step[] = [
    { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"] },
    { name: "lint", cmd: ["npm", "run", "--silent", "lint"] },
    vitest("unit", "unit", embedded),
  ];
  if (hasPg) steps.push(vitest("integration", "postgres", realServices));
  steps.push(vitest("integration", "pglite", embedded));
  if (hasChromium) {
    const file = path.join(outDir, "playwright.json");
    steps.push({
      name: "browser tests (Playwright, production build)",
      cmd: ["npx", "playwright", "test", "-c", "playwright/playwright.config.ts", "--reporter=list,json"],
      env: { CHROMIUM_PATH: chromiumPath, PLAYWRIGHT_JSON_OUTPUT_NAME: file, ...realServices },
      report: { file, kind: "playwright" },
    });
  }

  const selected = only.size ? steps.filter((s) => [...only].some((o) => s.name.startsWith(o))) : steps;
  const results: { step: Step; code: number; counts?: Counts; seconds: number }[] = [];
  for (const step of selected) {
    const t0 = performance.now();
    const code = await run(step);
    results.push({ step, code, counts: countReport(step), seconds: (performance.now() - t0) / 1000 });
  }

  console.log("\n=== summary");
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) {
    const c = r.counts;
    if (c) {
      total.passed += c.passed;
      total.failed += c.failed;
      total.skipped += c.skipped;
    }
    const detail = c ? `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped` : "";
    console.log(`${r.code === 0 ? "ok  " : "FAIL"}  ${r.step.name.padEnd(48)} ${r.seconds.toFixed(0).padStart(5)} s  ${detail}`);
  }
  if (missing.length) banner(["REDUCED TEST RUN (see above):", ...missing]);
  const failedSteps = results.filter((r) => r.code !== 0).length;
  // A step can fail without a failing test (typecheck, lint, a crashed runner): count it as a failure.
  const failed = total.failed + (failedSteps > 0 && total.failed === 0 ? failedSteps : 0);
  console.log(`tests: ${total.passed} passed, ${failed} failed, ${total.skipped} skipped`);
  process.exit(failedSteps > 0 ? 1 : 0);
}

await main();
