import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JWT } from "next-auth/jwt";
import { createTestDb } from "@/db/testing";
import { users } from "@/db/schema";
import { activeSessionCallback } from "./callbacks";

let handle: Awaited<ReturnType<typeof createTestDb>> | undefined;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const expires = new Date(Date.now() + 3_600_000).toISOString();

describe("the session next-auth hands out", () => {
  it("follows the database: a disabled or deleted user gets none, a new role shows at once", async () => {
    const db = handle!.db;
    const [u] = await db.insert(users).values({ email: "ann@test.local", name: "Ann", role: "analyst", passwordHash: "scrypt$x" }).returning();
    const token: JWT = { sub: u.id, email: u.email, name: u.name, role: "analyst" };
    const session = { expires, user: { id: "", email: "", name: null, role: "viewer" as const } };
    expect((await activeSessionCallback({ session, token }, db)).user).toEqual({ id: u.id, email: "ann@test.local", name: "Ann", role: "analyst" });
    await db.update(users).set({ role: "admin" }).where(eq(users.id, u.id));
    expect((await activeSessionCallback({ session, token }, db)).user?.role).toBe("admin");
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, u.id));
    expect(await activeSessionCallback({ session, token }, db)).toEqual({ expires });
    await db.delete(users).where(eq(users.id, u.id));
    expect(await activeSessionCallback({ session, token }, db)).toEqual({ expires });
    // A token whose subject is not even an id asks nothing of the database.
    expect(await activeSessionCallback({ session, token: { ...token, sub: "not-a-uuid" } }, db)).toEqual({ expires });
  });
});
