import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { createApiKey, verifyApiKey } from "@/server/api-keys";
import { createApiKeyRateLimiter } from "./api-key-rate-limiter";
import { limitRequest, setApiKeyRateLimiterForTests } from "./limit-request";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
  setApiKeyRateLimiterForTests(await createApiKeyRateLimiter({ commandTimeoutMs: 50 }));
});
afterAll(async () => {
  setApiKeyRateLimiterForTests(undefined);
  await handle?.close();
});

describe("limitRequest", () => {
  it("uses the key's own limit where it has one, else the default, and answers 429 with the headers", async () => {
    const own = await verifyApiKey(handle.db, { key: (await createApiKey(handle.db, { name: "small", scopes: ["predict"], rateLimitPerMinute: 2 })).key });
    const dflt = await verifyApiKey(handle.db, { key: (await createApiKey(handle.db, { name: "default", scopes: ["predict"] })).key });
    const req = new Request("http://localhost/api/v1/assets/a/predict", { method: "POST" });
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await limitRequest(own, req));
    expect(outcomes.map((o) => o.allowed)).toEqual([true, true, false]);
    const refused = outcomes[2];
    if (refused.allowed) throw new Error("expected a refusal");
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get("ratelimit-limit")).toBe("2");
    expect(Number(refused.response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.response.json()).toMatchObject({ type: "/problems/rate_limited", detail: expect.stringMatching(/limited to 2 requests per minute/) });
    const d = await limitRequest(dflt, req);
    expect(d.allowed && d.headers["RateLimit-Limit"]).toBe("600");
  });
});
