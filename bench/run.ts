/**
 * `npm run bench -- NAME [args]` runs bench/NAME.bench.ts. Each benchmark prints its own table with
 * ratios against a baseline measured in the same run. Benchmarks are measurements, not tests.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const dir = import.meta.dirname;
const available = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .map((f) => f.replace(/\.bench\.ts$/, ""));

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME [args]\navailable: ${available.join(", ") || "(none)"}`);
  process.exit(2);
}
const mod = (await import(pathToFileURL(path.join(dir, `${name}.bench.ts`)).href)) as {
  default: (args: string[]) => Promise<void>;
};
await mod.default(args);
