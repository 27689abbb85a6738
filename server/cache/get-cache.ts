/** The process-wide cache, chosen from the environment: Upstash REST, then REDIS_URL, then in-memory. */
import { env } from "@/server/env";
import type { Cache } from "./cache";
import { createMemoryCache } from "./memory-cache";
import { createRedisCache } from "./redis-cache";
import { createUpstashCache } from "./upstash-cache";

export interface CacheSettings {
  redisUrl?: string;
  upstashUrl?: string;
  upstashToken?: string;
  /** Defaults to REDIS_COMMAND_TIMEOUT_MS. */
  commandTimeoutMs?: number;
  log?: Pick<Console, "warn" | "info">;
}

export async function openCache(settings: CacheSettings): Promise<Cache> {
  const opts = { commandTimeoutMs: settings.commandTimeoutMs ?? env.REDIS_COMMAND_TIMEOUT_MS, log: settings.log };
  if (settings.upstashUrl && settings.upstashToken) return createUpstashCache(settings.upstashUrl, settings.upstashToken, opts);
  if (settings.redisUrl) return createRedisCache(settings.redisUrl, opts);
  return createMemoryCache();
}

const globalForCache = globalThis as unknown as { almanacCache?: Promise<Cache> };

export function getCache(): Promise<Cache> {
  globalForCache.almanacCache ??= openCache({
    redisUrl: env.REDIS_URL,
    upstashUrl: env.UPSTASH_REDIS_REST_URL,
    upstashToken: env.UPSTASH_REDIS_REST_TOKEN,
  });
  return globalForCache.almanacCache;
}

/** Points getCache() (and so the route handlers) at a cache a test opened; undefined restores the default. */
export function setCacheForTests(cache: Cache | undefined): void {
  globalForCache.almanacCache = cache ? Promise.resolve(cache) : undefined;
}
