import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { initSync as initEts } from "@bsull/augurs/ets";
import { initSync as initMstl } from "@bsull/augurs/mstl";
import { initSync as initSeasons } from "@bsull/augurs/seasons";

/**
 * The augurs WASM modules must be instantiated once per process before use. In Node the default
 * async initialiser tries to `fetch` a file URL, so we read the .wasm bytes from node_modules and
 * instantiate synchronously instead.
 */
const done = new Set<string>();

function augursDir(): string {
  try {
    return path.dirname(createRequire(import.meta.url).resolve("@bsull/augurs/ets"));
  } catch {
    // Bundlers may rewrite require.resolve; the package is a regular dependency of the app.
    return path.join(process.cwd(), "node_modules", "@bsull", "augurs");
  }
}

export function ensureAugurs(module: "ets" | "mstl" | "seasons"): void {
  if (done.has(module)) return;
  const bytes = readFileSync(path.join(augursDir(), `${module}_bg.wasm`));
  const init = module === "ets" ? initEts : module === "mstl" ? initMstl : initSeasons;
  init({ module: bytes });
  done.add(module);
}
