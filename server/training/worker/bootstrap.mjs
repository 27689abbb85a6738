/**
 * The file a training worker thread starts from (run-in-worker.ts launches it by absolute path). Plain
 * JavaScript, so Node runs it as is however the app was started (next dev, next build + start, vitest, tsx,
 * Docker): it registers tsx's loader for this thread, with the project's tsconfig for the `@/` paths, and
 * imports the TypeScript entry from source. No bundler ever sees the worker's code.
 */
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../../../tsconfig.json", import.meta.url)) });
await import("./entry.ts");
