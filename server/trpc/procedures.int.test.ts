/**
 * Procedure tiers and the users router, called through createCaller on a real (test) database.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import { assets, observations, series, users, type UserRole } from "@/db/schema";
import type { SessionUser } from "@/server/auth/session-user";
import { createCaller } from "./root";

let handle: Awaited<ReturnType<typeof createTestDb>>;
const people: Record<UserRole, SessionUser> = {} as never;

beforeAll(async () => {
  handle = await createTestDb();
  for (const role of ["admin", "analyst", "viewer"] as const) {
    const [u] = await handle.db
      .insert(users)
      .values({ email: `${role}@test.local`, role, passwordHash: null })
      .returning({ id: users.id, email: users.email, name: users.name, role: users.role });
    people[role] = u;
  }
});
afterAll(async () => handle?.close());

const as = (role: UserRole | null) => createCaller({ db: handle.db, user: role ? people[role] : null });

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

describe("procedure tiers", () => {
  it("rejects unauthenticated callers with UNAUTHORIZED", async () => {
    expect(await codeOf(as(null).assets.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(as(null).users.list())).toBe("UNAUTHORIZED");
  });

  it("lets a viewer read but not call admin procedures", async () => {
    expect(await codeOf(as("viewer").assets.list())).toBe("OK");
    expect(await codeOf(as("viewer").users.list())).toBe("FORBIDDEN");
  });

  it("forbids an analyst from admin procedures", async () => {
    expect(await codeOf(as("analyst").users.list())).toBe("FORBIDDEN");
    expect(
      await codeOf(as("analyst").users.create({ email: "x@test.local", role: "viewer", password: "long enough password" })),
    ).toBe("FORBIDDEN");
  });

  it("lets an admin call admin procedures", async () => {
    const list = await as("admin").users.list();
    expect(list.map((u) => u.email).sort()).toEqual(["admin@test.local", "analyst@test.local", "viewer@test.local"]);
    expect(list[0]).not.toHaveProperty("passwordHash");
  });
});

describe("users router", () => {
  it("creates a user, refuses a duplicate email with a field error, changes role and disables", async () => {
    const admin = as("admin");
    const created = await admin.users.create({ email: "New.Person@Test.local", role: "viewer", password: "correct horse battery" });
    expect(created).toMatchObject({ email: "new.person@test.local", role: "viewer", disabledAt: null });

    const dup = await admin.users.create({ email: "new.person@test.local", role: "viewer", password: "correct horse battery" }).catch((e) => e);
    expect(dup).toBeInstanceOf(TRPCError);
    expect(dup.code).toBe("BAD_REQUEST");

    expect((await admin.users.changeRole({ userId: created.id, role: "analyst" })).role).toBe("analyst");
    expect((await admin.users.setDisabled({ userId: created.id, disabled: true })).disabledAt).toBeInstanceOf(Date);
    expect((await admin.users.setDisabled({ userId: created.id, disabled: false })).disabledAt).toBeNull();
  });

  it("rejects invalid input as BAD_REQUEST before touching the database", async () => {
    expect(await codeOf(as("admin").users.create({ email: "not-an-email", role: "viewer", password: "short" }))).toBe("BAD_REQUEST");
  });

  it("will not let an admin demote or disable themselves", async () => {
    expect(await codeOf(as("admin").users.changeRole({ userId: people.admin.id, role: "viewer" }))).toBe("BAD_REQUEST");
    expect(await codeOf(as("admin").users.setDisabled({ userId: people.admin.id, disabled: true }))).toBe("BAD_REQUEST");
  });

  it("maps a missing user to NOT_FOUND", async () => {
    expect(await codeOf(as("admin").users.changeRole({ userId: "00000000-0000-4000-8000-000000000000", role: "viewer" }))).toBe("NOT_FOUND");
  });
});

describe("assets router", () => {
  it("summarises assets and downsamples long ranges", async () => {
    const [a] = await handle.db.insert(assets).values({ slug: "t-asset", name: "Test asset", kind: "meter" }).returning();
    const [s] = await handle.db.insert(series).values({ assetId: a.id, metric: "kwh" }).returning();
    const t0 = Date.UTC(2024, 0, 1);
    await handle.db
      .insert(observations)
      .values(Array.from({ length: 500 }, (_, i) => ({ seriesId: s.id, ts: new Date(t0 + i * 3_600_000), value: i })));

    const viewer = as("viewer");
    const [summary] = (await viewer.assets.list()).filter((x) => x.slug === "t-asset");
    expect(summary).toMatchObject({ seriesCount: 1, points: 500, lastObservationAt: new Date(t0 + 499 * 3_600_000) });

    const detail = await viewer.assets.get({ idOrSlug: "t-asset" });
    expect(detail.series.map((x) => x.metric)).toEqual(["kwh"]);

    const all = await viewer.assets.observations({ seriesId: s.id, maxPoints: 100 });
    expect(all).toMatchObject({ totalPoints: 500, downsampled: true });
    expect(all.points).toHaveLength(100);

    const range = await viewer.assets.observations({ seriesId: s.id, from: new Date(t0), to: new Date(t0 + 10 * 3_600_000) });
    expect(range.points.map((p) => p.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    expect(await codeOf(viewer.assets.get({ idOrSlug: "missing" }))).toBe("NOT_FOUND");
  });
});

describe("apiKeys router", () => {
  it("is admin-only, returns the key once and lists without it, and revokes", async () => {
    expect(await codeOf(as("analyst").apiKeys.list())).toBe("FORBIDDEN");
    const created = await as("admin").apiKeys.create({ name: "gateway", scopes: ["ingest", "read"] });
    expect(created.key).toMatch(/^alm_/);
    const listed = await as("admin").apiKeys.list();
    const row = listed.find((k) => k.id === created.apiKey.id)!;
    expect(row).toMatchObject({ name: "gateway", createdBy: people.admin.id, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect((await as("admin").apiKeys.revoke({ id: row.id })).revokedAt).toBeInstanceOf(Date);
    expect(await codeOf(as("admin").apiKeys.create({ name: "", scopes: [] }))).toBe("BAD_REQUEST");
    // Expiry must be ahead and bounded; the asset list is bounded (#9 defect 8).
    expect(await codeOf(as("admin").apiKeys.create({ name: "old", scopes: ["read"], expiresAt: new Date(Date.now() - 1000) }))).toBe("BAD_REQUEST");
    expect(await codeOf(as("admin").apiKeys.create({ name: "far", scopes: ["read"], expiresAt: new Date("2999-01-01") }))).toBe("BAD_REQUEST");
    const manyAssets = Array.from({ length: 1001 }, () => crypto.randomUUID());
    expect(await codeOf(as("admin").apiKeys.create({ name: "many", scopes: ["read"], assetIds: manyAssets }))).toBe("BAD_REQUEST");
    const soon = await as("admin").apiKeys.create({ name: "soon", scopes: ["read"], expiresAt: new Date(Date.now() + 86_400_000) });
    expect(soon.key).toMatch(/\S{20,}/);
  });
});

describe("imports router", () => {
  const csv = "timestamp,kwh\n2024-01-01T00:00:00Z,1.5\n2024-01-01T01:00:00Z,2.5\n";

  it("lets an analyst import a CSV into a new asset; viewers may not", async () => {
    expect(await codeOf(as("viewer").imports.csv({ assetSlug: "csv-plant", csv }))).toBe("FORBIDDEN");
    const result = await as("analyst").imports.csv({ assetSlug: "csv-plant", newAsset: { name: "CSV plant", kind: "meter" }, csv });
    expect(result).toMatchObject({ assetSlug: "csv-plant", rowsRead: 2, rowsInserted: 2 });
    expect(result.series.map((s) => s.metric)).toEqual(["kwh"]);
    // Importing the same file again changes nothing.
    expect(await as("analyst").imports.csv({ assetSlug: "csv-plant", csv })).toMatchObject({ rowsInserted: 0 });
  });

  it("reports a bad row as BAD_REQUEST naming the row", async () => {
    const err = await as("analyst")
      .imports.csv({ assetSlug: "csv-plant", csv: "timestamp,kwh\n2024-01-02T00:00:00Z,1\n2024-01-02T01:00:00Z,lots\n" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(TRPCError);
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.cause).toMatchObject({ row: 2 });
  });

  it("refuses an unknown asset without newAsset as NOT_FOUND", async () => {
    expect(await codeOf(as("analyst").imports.csv({ assetSlug: "nowhere", csv }))).toBe("NOT_FOUND");
  });
});

describe("audit", () => {
  it("records user management actions with the acting admin", async () => {
    const { listAudit } = await import("@/server/audit/record-audit");
    const u = await as("admin").users.create({ email: "audited@test.local", role: "viewer", password: "correct horse battery" });
    await as("admin").users.changeRole({ userId: u.id, role: "analyst" });
    const entries = await listAudit(handle.db, { targetType: "user", targetId: u.id });
    expect(entries.map((e) => e.action).sort()).toEqual(["user.create", "user.role_change"]);
    expect(entries.every((e) => e.actorUserId === people.admin.id)).toBe(true);
  });
});
