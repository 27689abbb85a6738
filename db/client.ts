/**
 * One Drizzle database for the whole app: postgres-js against a real server when DATABASE_URL is set,
 * embedded PGlite persisted on disk otherwise. Both run the same committed migrations at start-up.
 */
import path from "node:path";
import { mkdirSync } from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type DbOrTx = Db | Tx;

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "db/migrations");

export interface DbHandle {
  db: Db;
  driver: "postgres" | "pglite";
  close(): Promise<void>;
}

export type OpenDbOptions =
  | { url: string; max?: number }
  /** `loadDataDir`: start from a dumped PGlite data directory (a migrated template) instead of initdb. */
  | { pgliteDir: string | null; loadDataDir?: Blob };

/** Opens a database and applies pending migrations. `pgliteDir: null` keeps PGlite in memory. */
export async function openDb(options: OpenDbOptions): Promise<DbHandle> {
  if ("url" in options) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(options.url, { max: options.max ?? 10, onnotice: () => {} });
    const db = drizzle(client, { schema, casing: "snake_case" });
    await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    return { db: db as unknown as Db, driver: "postgres", close: () => client.end() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true });
  const client = await PGlite.create({
    ...(options.pgliteDir ? { dataDir: options.pgliteDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = drizzle(client, { schema, casing: "snake_case" });
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { db: db as unknown as Db, driver: "pglite", close: () => client.close() };
}
