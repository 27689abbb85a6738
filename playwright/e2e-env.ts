/** Settings shared by the Playwright config, the test server wrapper and the specs. */
// The test harness reads its own knobs from the raw environment: it configures the app, not the reverse.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** The first admin of the throw-away test database (created by server/auth/ensure-admin.ts). */
export const E2E_ADMIN = { email: "e2e-admin@almanac.test", password: "e2e-admin-password-0123" } as const;
export const ARTIFACTS_DIR = new URL("./.artifacts/", import.meta.url).pathname;
