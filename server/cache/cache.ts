/**
 * One key-value cache interface for the app's hot reads (precomputed forecasts). Three backends behind it:
 * ioredis for REDIS_URL, Upstash REST for UPSTASH_REDIS_REST_*, and an in-process map when neither is set,
 * so a single-node install works with no Redis at all.
 */
import { metrics } from "@/server/observability/metrics";

export interface Cache {
  readonly backend: "redis" | "upstash" | "memory";
  get(key: string): Promise<string | null>;
  /** Stores `value` for `ttlSeconds` (no expiry when omitted). */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Deletes the keys; missing keys are fine. */
  del(...keys: string[]): Promise<void>;
  close(): Promise<void>;
}

/** The metrics label of a key: its prefix before the first `:` (`predict`, `forecast`, …). */
const cacheName = (key: string) => {
  const i = key.indexOf(":");
  return i > 0 ? key.slice(0, i) : "other";
};

/**
 * Reads JSON; a corrupt entry (unparseable) counts as a miss and is deleted. Every lookup is counted in
 * `almanac_cache_requests_total{cache, result}` (cache = the key's prefix), unless `count` is false (a second look
 * by the same request, which must not count as another lookup).
 */
export async function getJson<T>(cache: Cache, key: string, options: { count?: boolean } = {}): Promise<T | null> {
  const raw = await cache.get(key);
  const counter = options.count === false ? { inc: () => {} } : metrics().cacheRequests;
  if (raw === null) {
    counter.inc({ cache: cacheName(key), result: "miss" });
    return null;
  }
  try {
    const value = JSON.parse(raw) as T;
    counter.inc({ cache: cacheName(key), result: "hit" });
    return value;
  } catch {
    counter.inc({ cache: cacheName(key), result: "miss" });
    await cache.del(key);
    return null;
  }
}

export async function setJson(cache: Cache, key: string, value: unknown, ttlSeconds?: number): Promise<void> {
  await cache.set(key, JSON.stringify(value), ttlSeconds);
}
