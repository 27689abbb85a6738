/**
 * Fresh, migrated databases for tests. With TEST_DATABASE_URL (a real server; CI sets it) each call
 * creates its own database on that server and drops it on close; without it, an in-memory PGlite
 * stands in (the embedded equivalent), so the suite also runs on a machine without Postgres.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { MIGRATIONS_DIR, openDb, type DbHandle } from "./client";

export function testDatabaseUrl(): string | undefined {
  // Tests are the one place besides server/env.ts allowed to look at the raw environment: they
  // choose the backend before the app's env module is imported.
  return process.env.TEST_DATABASE_URL || undefined;
}

export async function createTestDb(): Promise<DbHandle & { url?: string }> {
  const adminUrl = testDatabaseUrl();
  if (!adminUrl) return openDb({ pgliteDir: null, loadDataDir: await pgliteTemplate() });

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

/**
 * A migrated PGlite data directory, dumped once per migration set and cached in the temp dir: initdb
 * plus migrations cost seconds per test file, loading the dump a fraction of that.
 */
async function pgliteTemplate(): Promise<Blob> {
  const hash = createHash("sha256");
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) {
    if (f.endsWith(".sql")) hash.update(f).update(readFileSync(path.join(MIGRATIONS_DIR, f)));
  }
  const file = path.join(os.tmpdir(), `almanac-pglite-template-${hash.digest("hex").slice(0, 16)}.tar`);
  if (!existsSync(file)) {
    const handle = await openDb({ pgliteDir: null });
    const client = (handle.db as unknown as { $client: PGlite }).$client;
    const dump = await client.dumpDataDir("none");
    await handle.close();
    // Write then rename, so a parallel worker never reads a half-written template.
    const tmp = `${file}.${process.pid}.${randomBytes(3).toString("hex")}`;
    writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    renameSync(tmp, file);
  }
  return new Blob([readFileSync(file)]);
}
