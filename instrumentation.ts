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

  if (env.SEED_DEMO) {
    const { listAssets } = await import("@/server/assets");
    // Only a database without any asset gets the demo: never mix demo series into real data.
    if ((await listAssets(handle.db)).length === 0) {
      const { seedDemo } = await import("@/server/seed/seed-demo");
      const seedStartMs = Date.now();
      const report = await seedDemo(handle.db);
      const rows = report.reduce((n, r) => n + r.rowsInserted, 0);
      console.log(`[almanac] demo data loaded: ${report.map((r) => r.asset).join(", ")} (${rows} observations, ${Date.now() - seedStartMs} ms)`);
    }
  }

  await ensureAdmin(handle.db, { adminEmail: env.ADMIN_EMAIL, adminPassword: env.ADMIN_PASSWORD, dataDir: env.DATA_DIR });
  await (await import("@/inngest/runtime")).startJobs(); // embedded job runner (cron, resume) unless Inngest is configured
  console.log(`[almanac] start-up finished in ${Date.now() - startedMs} ms`);
}
