import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

let cached: string | null = null;

/**
 * The code that trained a version: the git commit when the app runs from a checkout, else the package
 * version (a built image without .git). Recorded on every model version for reproducibility.
 */
export function codeVersion(): string {
  if (cached) return cached;
  try {
    cached = `git:${execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim()}`;
  } catch (err) {
    console.debug(`[code-version] no git checkout (${(err as Error).message.split("\n")[0]}); using the package version`);
    try {
      const pkg = JSON.parse(readFileSync(path.resolve(process.cwd(), "package.json"), "utf8")) as { version?: string };
      cached = `pkg:${pkg.version ?? "unknown"}`;
    } catch (err) {
      console.warn(`[code-version] package.json unreadable (${(err as Error).message}); recording "unknown"`);
      cached = "unknown";
    }
  }
  return cached;
}
