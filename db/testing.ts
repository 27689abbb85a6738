/**
 * Fresh, migrated databases for tests. With TEST_DATABASE_URL (a real server; CI sets it) each call
 * creates its own database on that server and drops it on close; without it, an in-memory PGlite
 * stands in (the embedded equivalent), so the suite also runs on a machine without Postgres.
 */
import { randomBytes } from "node:crypto";
import { openDb, type DbHandle } from "./client";

export function testDatabaseUrl(): string | undefined {
  // Tests are the one place besides server/env.ts allowed to look at the raw environment: they
  // choose the backend before the app's env module is imported.
  return process.env.TEST_DATABASE_URL || undefined;
}

export async function createTestDb(): Promise<DbHandle & { url?: string }> {
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) return openDb({ pgliteDir: null });

  const { default: postgres } = await import("postgres");
  const name = `almanac_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString(), max: 20 });
  return {
    ...handle,
    driver: handle.driver,
    url: url.toString(),
    async close() {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
