import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing";
import { apiKeys } from "@/db/schema";
import { listAudit } from "@/server/audit/record-audit";
import { AuthError, ForbiddenError, NotFoundError, ValidationError } from "@/server/http/errors";
import { createApiKey, listApiKeys, revokeApiKey } from "./manage-api-keys";
import { requireAssetAccess, requireScope, verifyApiKey } from "./verify-api-key";

describe("API keys", () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    handle = await createTestDb();
  });
  afterAll(async () => handle?.close());

  it("creates a key shown once, stores only its hash, and verifies it", async () => {
    const { key, apiKey } = await createApiKey(handle.db, { name: "sensor", scopes: ["ingest", "read"] });
    expect(key).toMatch(/^alm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const [row] = await handle.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(key.split("_").slice(2).join("_"));
    const verified = await verifyApiKey(handle.db, { key });
    expect(verified).toMatchObject({ id: apiKey.id, scopes: ["ingest", "read"], assetIds: null });
    expect(() => requireScope(verified, "ingest")).not.toThrow();
    expect(() => requireScope(verified, "train")).toThrow(ForbiddenError);
    expect((await listAudit(handle.db, { targetType: "api_key", targetId: apiKey.id })).map((a) => a.action)).toEqual(["api_key.create"]);
  });

  it("refuses wrong secrets, unknown prefixes, malformed, revoked and expired keys", async () => {
    const { key, apiKey } = await createApiKey(handle.db, { name: "k", scopes: ["read"] });
    const wrongSecret = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
    await expect(verifyApiKey(handle.db, { key: wrongSecret })).rejects.toBeInstanceOf(AuthError);
    await expect(verifyApiKey(handle.db, { key: "alm_000000000000_" + "A".repeat(43) })).rejects.toBeInstanceOf(AuthError);
    await expect(verifyApiKey(handle.db, { key: "Bearer nonsense" })).rejects.toBeInstanceOf(AuthError);

    await revokeApiKey(handle.db, { id: apiKey.id });
    await expect(verifyApiKey(handle.db, { key })).rejects.toThrow(/revoked/);
    expect((await listApiKeys(handle.db)).some((k) => k.id === apiKey.id)).toBe(false);
    expect((await listApiKeys(handle.db, { includeRevoked: true })).some((k) => k.id === apiKey.id)).toBe(true);
    expect((await listAudit(handle.db, { targetId: apiKey.id })).map((a) => a.action)).toEqual(["api_key.revoke", "api_key.create"]);

    const expiring = await createApiKey(handle.db, { name: "e", scopes: ["read"], expiresAt: new Date(Date.now() + 60_000) });
    await expect(verifyApiKey(handle.db, { key: expiring.key, now: new Date(Date.now() + 120_000) })).rejects.toThrow(/expired/);
  });

  it("enforces the asset allow-list and validates input", async () => {
    const allowed = "00000000-0000-4000-8000-000000000001";
    const { key } = await createApiKey(handle.db, { name: "one asset", scopes: ["read"], assetIds: [allowed] });
    const verified = await verifyApiKey(handle.db, { key });
    expect(() => requireAssetAccess(verified, allowed)).not.toThrow();
    // Outside the list answers like an unknown asset (404), so the list's edge reveals nothing.
    expect(() => requireAssetAccess(verified, "00000000-0000-4000-8000-000000000002")).toThrow(NotFoundError);
    await expect(createApiKey(handle.db, { name: "x", scopes: ["admin" as never] })).rejects.toBeInstanceOf(ValidationError);
    await expect(createApiKey(handle.db, { name: "x", scopes: [] })).rejects.toMatchObject({ field: "scopes" });
  });

  it("updates last_used_at at most once a minute", async () => {
    const { key, apiKey } = await createApiKey(handle.db, { name: "busy", scopes: ["read"] });
    const t0 = new Date("2030-01-01T00:00:00Z");
    await verifyApiKey(handle.db, { key, now: t0 });
    await verifyApiKey(handle.db, { key, now: new Date(t0.getTime() + 30_000) });
    const lastUsed = async () => (await handle.db.select().from(apiKeys).where(eq(apiKeys.id, apiKey.id)))[0].lastUsedAt?.toISOString();
    expect(await lastUsed()).toBe("2030-01-01T00:00:00.000Z");
    await verifyApiKey(handle.db, { key, now: new Date(t0.getTime() + 61_000) });
    expect(await lastUsed()).toBe("2030-01-01T00:01:01.000Z");
  });
});
