// Worker-thread entry: loads the module named in workerData.entry (a file: URL). A TypeScript entry (running
// from source under tsx) first registers the tsx loader in this thread, since loaders are per thread in Node 20;
// a JavaScript entry (a bundled build) is imported as is.
import { workerData } from "node:worker_threads";

if (/\.(ts|mts|cts)$/.test(new URL(workerData.entry).pathname)) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import(workerData.entry);
