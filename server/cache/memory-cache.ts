import type { Cache } from "./cache";

/** In-process cache with per-key expiry; the fallback when no Redis is configured. */
export function createMemoryCache(now: () => number = Date.now): Cache {
  const entries = new Map<string, { value: string; expiresAtMs: number }>();
  return {
    backend: "memory",
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      if (entry.expiresAtMs <= now()) {
        entries.delete(key);
        return null;
      }
      return entry.value;
    },
    async set(key, value, ttlSeconds) {
      entries.set(key, { value, expiresAtMs: ttlSeconds ? now() + ttlSeconds * 1000 : Number.POSITIVE_INFINITY });
    },
    async del(...keys) {
      for (const key of keys) entries.delete(key);
    },
    async close() {
      entries.clear();
    },
  };
}
