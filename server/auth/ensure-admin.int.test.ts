import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, isNull } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { users } from "@/db/schema";
import { CREDENTIALS_FILE, DEFAULT_ADMIN_EMAIL, ensureAdmin } from "./ensure-admin";
import { loadActiveUser } from "./session-user";
import { verifyCredentials } from "./verify-credentials";

let handle: Awaited<ReturnType<typeof createTestDb>> | undefined;
let dataDir: string;
beforeAll(async () => {
  handle = await createTestDb();
});
beforeEach(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "almanac-admin-"));
  // One database for the file (opening one is the slow part); each test starts with no active admin.
  await handle!.db.update(users).set({ disabledAt: new Date() }).where(isNull(users.disabledAt));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
afterAll(async () => handle?.close());

describe("ensureAdmin", () => {
  it("creates the configured admin once, who can then sign in", async () => {
    const db = handle!.db;
    const lines: string[] = [];
    const first = await ensureAdmin(db, { adminEmail: "Boss@Example.com", adminPassword: "a configured password", dataDir, log: (l) => lines.push(l) });
    expect(first).toMatchObject({ action: "created", email: "boss@example.com", generatedPassword: null, credentialsFile: null });
    expect(lines.join("\n")).not.toContain("a configured password");
    expect(await ensureAdmin(db, { adminEmail: "other@example.com", adminPassword: "another password!", dataDir, log: () => {} })).toEqual({ action: "exists" });

    const user = await verifyCredentials(db, "boss@example.com", "a configured password");
    expect(user).toMatchObject({ email: "boss@example.com", role: "admin" });
    expect(await verifyCredentials(db, "boss@example.com", "wrong password")).toBeNull();
    expect(await verifyCredentials(db, "nobody@example.com", "a configured password")).toBeNull();
  });

  it("generates a password for the embedded demo, logs it once and saves it with 0600", async () => {
    const db = handle!.db;
    const lines: string[] = [];
    const result = await ensureAdmin(db, { dataDir, log: (l) => lines.push(l) });
    if (result.action === "exists") throw new Error("expected a new admin");
    expect(result.email).toBe(DEFAULT_ADMIN_EMAIL);
    expect(result.generatedPassword).toHaveLength(24);
    expect(lines.join("\n")).toContain(result.generatedPassword);
    const file = path.join(dataDir, CREDENTIALS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toContain(`password=${result.generatedPassword}`);
    expect(await verifyCredentials(db, DEFAULT_ADMIN_EMAIL, result.generatedPassword!)).not.toBeNull();

    // A second start finds the admin and prints nothing.
    lines.length = 0;
    expect(await ensureAdmin(db, { dataDir, log: (l) => lines.push(l) })).toEqual({ action: "exists" });
    expect(lines).toEqual([]);
  });

  it("restores a disabled admin account named by ADMIN_EMAIL", async () => {
    const db = handle!.db;
    // boss@example.com was created by the first test and disabled before this one.
    const [boss] = await db.select().from(users).where(eq(users.email, "boss@example.com"));
    expect(boss.disabledAt).not.toBeNull();
    expect(await verifyCredentials(db, "boss@example.com", "a configured password")).toBeNull();
    expect(await loadActiveUser(db, boss.id)).toBeNull();

    const result = await ensureAdmin(db, { adminEmail: "boss@example.com", adminPassword: "second password!", dataDir, log: () => {} });
    expect(result.action).toBe("promoted");
    expect(await verifyCredentials(db, "boss@example.com", "second password!")).toMatchObject({ role: "admin" });
    expect(await loadActiveUser(db, boss.id)).toMatchObject({ id: boss.id, role: "admin" });
    expect(await loadActiveUser(db, "not-a-uuid")).toBeNull();
  });
});
