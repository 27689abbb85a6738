/**
 * `npm run db:migrate`: applies the committed migrations (db/migrations) to DATABASE_URL, or to the
 * embedded PGlite under DATA_DIR when it is unset. The app also migrates at start-up; this script is
 * for running migrations as a separate deploy step.
 */
import { getDbHandle } from "@/server/db";
import { env } from "@/server/env";

const startedMs = Date.now();
const handle = await getDbHandle();
await handle.close();
const target = env.DATABASE_URL ? new URL(env.DATABASE_URL).host + new URL(env.DATABASE_URL).pathname : `PGlite at ${env.PGLITE_DIR ?? `${env.DATA_DIR}/pglite`}`;
console.log(`migrations applied to ${target} (${handle.driver}) in ${Date.now() - startedMs} ms`);
