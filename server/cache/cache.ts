/**
 * One key-value cache interface for the app's hot reads (precomputed forecasts). Three backends behind it:
 * ioredis for REDIS_URL, Upstash REST for UPSTASH_REDIS_REST_*, and an in-process map when neither is set,
 * so a single-node install works with no Redis at all.
 */
export interface Cache {
  readonly backend: "redis" | "upstash" | "memory";
  get(key: string): Promise<string | null>;
  /** Stores `value` for `ttlSeconds` (no expiry when omitted). */
  set(key: string, value: string, ttlSeconds?: number): Promise<void>;
  /** Deletes the keys; missing keys are fine. */
  del(...keys: string[]): Promise<void>;
  close(): Promise<void>;
}

/** Reads JSON; a corrupt entry (unparseable) counts as a miss and is deleted. */
export async function getJson<T>(cache: Cache, key: string): Promise<T | null> {
  const raw = await cache.get(key);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    await cache.del(key);
    return null;
  }
}

export async function setJson(cache: Cache, key: string, value: unknown, ttlSeconds?: number): Promise<void> {
  await cache.set(key, JSON.stringify(value), ttlSeconds);
}
