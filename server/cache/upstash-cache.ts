import type { Cache } from "./cache";
import { createFailSoft } from "./fail-soft-cache";

export interface UpstashCacheOptions {
  keyPrefix?: string;
  /** Per-request timeout; an HTTPS round trip needs more than a TCP Redis command, so it is at least 200 ms. */
  commandTimeoutMs: number;
  log?: Pick<Console, "warn" | "info">;
}

/**
 * Upstash Redis over its REST API (serverless deployments without a TCP connection). Each request is aborted
 * after the timeout and not retried; failures degrade as for ioredis (fail-soft-cache.ts). There is no
 * connection to watch, so recovery is noticed by the first request that succeeds after the cool-down.
 */
export async function createUpstashCache(url: string, token: string, opts: UpstashCacheOptions): Promise<Cache> {
  const { Redis } = await import("@upstash/redis");
  const timeoutMs = Math.max(200, opts.commandTimeoutMs);
  // automaticDeserialization off: values are our own JSON strings and must come back byte for byte.
  // `signal` as a function: a fresh timeout per request, and an abort is thrown (a shared signal is not).
  const client = new Redis({ url, token, automaticDeserialization: false, retry: false, signal: () => AbortSignal.timeout(timeoutMs) });
  const failSoft = createFailSoft({ label: "cache: Upstash", fallback: "reading from the database", log: opts.log });
  const k = (key: string) => (opts.keyPrefix ?? "almanac:") + key;
  return failSoft.wrap({
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
  });
}
