/**
 * Next.js start-up hook: runs once per server process before it accepts requests. Opening the
 * database applies pending migrations; then the demo data is loaded into an empty database (when
 * SEED_DEMO) and the first admin is ensured. Any failure stops the server instead of serving a
 * half-initialised app.
 */
export async function register() {
  // Edge workers have no file system or database; everything here is Node-only.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;

  const startedMs = Date.now();
  const [{ env }, { getDbHandle }, { resolveAuthSecret }, { ensureAdmin }] = await Promise.all([
    import("@/server/env"),
    import("@/server/db"),
    import("@/server/auth/secret"),
    import("@/server/auth/ensure-admin"),
  ]);

  // Fail fast on a missing/short secret rather than on the first sign-in.
  resolveAuthSecret(env);

  const handle = await getDbHandle();
  console.log(`[almanac] database ready (${handle.driver}${handle.driver === "pglite" ? `, ${env.PGLITE_DIR ?? `${env.DATA_DIR}/pglite`}` : ""})`);

  // SEED_DEMO: seeding hooks in here once server/seed lands.

  await ensureAdmin(handle.db, { adminEmail: env.ADMIN_EMAIL, adminPassword: env.ADMIN_PASSWORD, dataDir: env.DATA_DIR });
  console.log(`[almanac] start-up finished in ${Date.now() - startedMs} ms`);
}
