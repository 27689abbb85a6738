/**
 * Playwright's web server: the production build (`npm start` logic: build if stale, then `next start`)
 * against a fresh embedded database in a new temporary DATA_DIR, with a known first admin.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { E2E_ADMIN, E2E_PORT } from "./e2e-env";

const dataDir = mkdtempSync(path.join(tmpdir(), "almanac-e2e-"));
console.log(`[e2e] DATA_DIR=${dataDir}`);

const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
  stdio: "inherit",
  env: {
    ...process.env,
    PORT: String(E2E_PORT),
    DATA_DIR: dataDir,
    // Empty values count as unset (server/env.ts): always the embedded database, a generated secret.
    DATABASE_URL: "",
    PGLITE_DIR: "",
    NEXTAUTH_SECRET: "",
    NEXTAUTH_URL: `http://127.0.0.1:${E2E_PORT}`,
    SEED_DEMO: "true",
    ADMIN_EMAIL: E2E_ADMIN.email,
    ADMIN_PASSWORD: E2E_ADMIN.password,
    NEXT_TELEMETRY_DISABLED: "1",
  },
});

function cleanup() {
  rmSync(dataDir, { recursive: true, force: true });
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code) => {
  cleanup();
  process.exit(code ?? 0);
});
