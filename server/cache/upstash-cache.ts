import type { Cache } from "./cache";

/** Upstash Redis over its REST API (serverless deployments without a TCP connection). */
export async function createUpstashCache(url: string, token: string, keyPrefix = "almanac:"): Promise<Cache> {
  const { Redis } = await import("@upstash/redis");
  // automaticDeserialization off: values are our own JSON strings and must come back byte for byte.
  const client = new Redis({ url, token, automaticDeserialization: false });
  const k = (key: string) => keyPrefix + key;
  return {
    backend: "upstash",
    async get(key) {
      const value = await client.get<string>(k(key));
      return value ?? null;
    },
    async set(key, value, ttlSeconds) {
      if (ttlSeconds) await client.set(k(key), value, { ex: Math.max(1, Math.round(ttlSeconds)) });
      else await client.set(k(key), value);
    },
    async del(...keys) {
      if (keys.length) await client.del(...keys.map(k));
    },
    async close() {},
  };
}
