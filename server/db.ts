/** The app's shared database handle, opened once per process from the validated environment. */
import path from "node:path";
import { openDb, type Db, type DbHandle } from "@/db/client";
import { env } from "@/server/env";

const globalForDb = globalThis as unknown as { almanacDb?: Promise<DbHandle> };

export function getDbHandle(): Promise<DbHandle> {
  globalForDb.almanacDb ??= openDb(
    env.DATABASE_URL
      ? { url: env.DATABASE_URL }
      : { pgliteDir: env.PGLITE_DIR ?? path.join(env.DATA_DIR, "pglite") },
  );
  return globalForDb.almanacDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}
