import type { Cache } from "./cache";
import { createFailSoft } from "./fail-soft-cache";
import { closeRedis, createFailFastRedis } from "./redis-client";

export interface RedisCacheOptions {
  keyPrefix?: string;
  /** REDIS_COMMAND_TIMEOUT_MS. */
  commandTimeoutMs: number;
  log?: Pick<Console, "warn" | "info">;
}

/**
 * ioredis against a Redis server (REDIS_URL). A Redis that is down or slow never fails or delays a request
 * by more than one command timeout: reads become misses (the caller falls back to the database), writes are
 * dropped and their keys invalidated once Redis is back (fail-soft-cache.ts).
 */
export async function createRedisCache(url: string, opts: RedisCacheOptions): Promise<Cache> {
  const failSoft = createFailSoft({ label: "cache: Redis", fallback: "reading from the database", log: opts.log });
  const client = await createFailFastRedis(url, {
    commandTimeoutMs: opts.commandTimeoutMs,
    keyPrefix: opts.keyPrefix ?? "almanac:",
    outage: failSoft.outage,
  });
  return failSoft.wrap({
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
      await closeRedis(client);
    },
  });
}
