import type { Cache } from "./cache";

/** ioredis against a Redis server (REDIS_URL). Commands fail fast instead of queueing while disconnected. */
export async function createRedisCache(url: string, keyPrefix = "almanac:"): Promise<Cache> {
  const { Redis } = await import("ioredis");
  const client = new Redis(url, { keyPrefix, maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  return {
    backend: "redis",
    async get(key) {
      return client.get(key);
    },
    async set(key, value, ttlSeconds) {
      if (ttlSeconds) await client.set(key, value, "EX", Math.max(1, Math.round(ttlSeconds)));
      else await client.set(key, value);
    },
    async del(...keys) {
      if (keys.length) await client.del(...keys);
    },
    async close() {
      await client.quit();
    },
  };
}
