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
}

export async function openCache(settings: CacheSettings): Promise<Cache> {
  if (settings.upstashUrl && settings.upstashToken) return createUpstashCache(settings.upstashUrl, settings.upstashToken);
  if (settings.redisUrl) return createRedisCache(settings.redisUrl);
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
