import { afterAll, describe, expect, it } from "vitest";
import type { Cache } from "./cache";
import { openCache } from "./get-cache";

// Real Redis when TEST_REDIS_URL is set (CI), else the in-memory fallback behind the same interface.
const redisUrl = process.env.TEST_REDIS_URL || undefined;

describe(`cache (${redisUrl ? "redis" : "memory"})`, () => {
  let cache: Cache;
  afterAll(async () => cache?.close());

  it("sets with expiry, reads and deletes", async () => {
    cache = await openCache({ redisUrl });
    expect(cache.backend).toBe(redisUrl ? "redis" : "memory");
    const key = `test:${Date.now()}:${Math.random()}`;
    await cache.set(key, "v1", 60);
    expect(await cache.get(key)).toBe("v1");
    await cache.del(key);
    expect(await cache.get(key)).toBeNull();
  });
});
