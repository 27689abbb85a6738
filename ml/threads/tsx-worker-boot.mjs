// The one worker-thread entry file (ml/backtest's candidate workers, the sidecar's inference workers,
// server/training's training workers): loads the module named in workerData.entry (a file: URL). Plain
// JavaScript, so Node runs it as is however the process was started (next dev, next start, vitest, tsx,
// Docker). A TypeScript entry (running from source) first registers tsx's loader in this thread, since
// loaders are per thread in Node 20, with the project's tsconfig for the `@/` paths; a JavaScript entry (a
// bundled build) is imported as is. No bundler ever sees the worker's code.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { workerData } from "node:worker_threads";

if (/\.(ts|mts|cts)$/.test(new URL(workerData.entry).pathname)) {
  const { register } = await import("tsx/esm/api");
  const tsconfig = fileURLToPath(new URL("../../tsconfig.json", import.meta.url));
  register(existsSync(tsconfig) ? { tsconfig } : {});
}
await import(workerData.entry);
