import { afterAll, describe, expect, it } from "vitest";
import type { Cache } from "./cache";
import { openCache } from "./get-cache";

// Real Redis when TEST_REDIS_URL is set (CI always sets it), else the in-memory backend behind the same interface;
// the title says which ran.
const redisUrl = process.env.TEST_REDIS_URL || undefined;
if (!redisUrl) console.warn("\n*** redis-cache.int.test.ts: TEST_REDIS_URL is not set, testing the memory backend instead of Redis ***\n");

describe(`cache (${redisUrl ? "redis" : "memory"})`, () => {
  let cache: Cache;
  afterAll(async () => cache?.close());

  it("sets, reads, deletes, and expires entries after their TTL", async () => {
    cache = await openCache({ redisUrl });
    expect(cache.backend).toBe(redisUrl ? "redis" : "memory");
    const key = `test:${Date.now()}:${Math.random()}`;
    await cache.set(key, "v1", 60);
    expect(await cache.get(key)).toBe("v1");
    await cache.del(key);
    expect(await cache.get(key)).toBeNull();
    await cache.set(`${key}:short`, "v2", 1);
    await cache.set(`${key}:long`, "v3");
    expect(await cache.get(`${key}:short`)).toBe("v2");
    await new Promise((r) => setTimeout(r, 1100));
    expect(await cache.get(`${key}:short`)).toBeNull();
    expect(await cache.get(`${key}:long`)).toBe("v3");
    await cache.del(`${key}:long`);
  });
});
