/** `npm run sidecar`: starts the inference sidecar with configuration from the environment (see README.md). */
import { jsonLogger } from "@/server/serving/inference/logger";
import { candidateProviders } from "@/server/serving/inference/execution-providers";
import { parseSidecarConfig } from "./config";
import { createSidecar } from "./create-sidecar";

const log = jsonLogger("sidecar");
const config = parseSidecarConfig(process.env);
const { providers, skipped } = candidateProviders(config.executionProviders);
log.info("execution providers", { requested: config.executionProviders.join(","), candidates: providers.join(","), skipped });
const sidecar = createSidecar(config, { logger: log });
const port = await sidecar.listen();
// Parent processes (tests, benchmarks, supervisors) wait for this line on stdout.
process.stdout.write(`SIDECAR_READY port=${port}\n`);

let closing = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    log.info("shutting down", { signal });
    void sidecar.close().then(() => process.exit(0));
  });
}
