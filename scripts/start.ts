/**
 * `npm start`: builds the app when there is no build or the sources changed since the last one, then
 * runs the production server (`next start`) on PORT (default 3000). On a fresh clone
 * `npm install && npm start` gives a working app: the start-up hook (instrumentation.ts) migrates the
 * embedded database, loads the demo data and prints the first admin's credentials.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** What a build depends on: these folders (recursively) and root files. Tests are excluded. */
const SOURCE_DIRS = ["app", "components", "server", "db", "ml", "inngest", "lib", "public"];
const SOURCE_FILES = [
  "next.config.ts",
  "instrumentation.ts",
  "proxy.ts",
  "middleware.ts",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
];
const SKIP_DIRS = new Set(["node_modules", ".next", ".data", ".git", "__tests__", ".artifacts"]);

function isTestFile(name: string): boolean {
  return /\.(int\.)?test\.tsx?$/.test(name) || name.endsWith(".bench.ts");
}

/** Newest modification time (ms) among the build's inputs under `root`. */
export function newestSourceMtimeMs(root: string): number {
  let newest = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) visit(path.join(dir, entry.name));
      } else if (entry.isFile() && !isTestFile(entry.name)) {
        newest = Math.max(newest, statSync(path.join(dir, entry.name)).mtimeMs);
      }
    }
  };
  for (const d of SOURCE_DIRS) if (existsSync(path.join(root, d))) visit(path.join(root, d));
  for (const f of SOURCE_FILES) if (existsSync(path.join(root, f))) newest = Math.max(newest, statSync(path.join(root, f)).mtimeMs);
  return newest;
}

/** Why a (re)build is needed, or null when the existing build is current. */
export function buildStaleReason(root: string): string | null {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!existsSync(buildId)) return "no production build yet";
  if (newestSourceMtimeMs(root) > statSync(buildId).mtimeMs) return "sources changed since the last build";
  return null;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

async function main() {
  const root = process.cwd();
  const { env } = await import("@/server/env");
  const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
  // This script launches Next, so it passes the environment through (plus telemetry off).
  const childEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

  const reason = buildStaleReason(root);
  if (reason) {
    console.log(`[almanac] building the app (${reason}); this takes a few minutes…`);
    const code = await run(process.execPath, [nextBin, "build"], { ...childEnv, NODE_ENV: "production" });
    if (code !== 0) {
      console.error(`[almanac] next build failed (exit ${code})`);
      process.exit(code);
    }
  }
  console.log(`[almanac] starting on http://localhost:${env.PORT}`);
  process.exit(await run(process.execPath, [nextBin, "start", "--port", String(env.PORT)], { ...childEnv, NODE_ENV: "production" }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
