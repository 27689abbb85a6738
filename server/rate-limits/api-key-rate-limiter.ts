/**
 * Request limits per API key: `perMinute` requests in a fixed 60 s window (each key's own limit, or the
 * default). Counts are shared through Redis when REDIS_URL is set (rate-limiter-flexible, with a per-process
 * memory limiter as insurance while Redis fails), through Upstash when UPSTASH_REDIS_REST_* is set
 * (@upstash/ratelimit, each request bounded by the command timeout, falling back to memory likewise), and
 * kept per process otherwise. A limiter outage never refuses a request on its own: it degrades to memory.
 */
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createOutageLog, type OutageLog } from "@/server/cache/outage";
import { closeRedis, createFailFastRedis } from "@/server/cache/redis-client";

export interface RateDecision {
  allowed: boolean;
  /** The key's limit per window. */
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetS: number;
  windowS: number;
  /** Where the count was kept for this decision. */
  store: "redis" | "upstash" | "memory";
}

export interface ApiKeyRateLimiter {
  readonly store: "redis" | "upstash" | "memory";
  /** Counts `cost` requests (default 1; a batch counts its items) of `keyId` against `perMinute`. */
  check(keyId: string, perMinute: number, cost?: number): Promise<RateDecision>;
  close(): Promise<void>;
}

export interface ApiKeyRateLimiterOptions {
  redisUrl?: string;
  upstashUrl?: string;
  upstashToken?: string;
  commandTimeoutMs: number;
  /** Window length; 60 s unless a test shortens it. */
  windowS?: number;
  keyPrefix?: string;
  log?: Pick<Console, "warn" | "info">;
}

const WINDOW_S = 60;

function fromRes(res: RateLimiterRes, limit: number, allowed: boolean, store: RateDecision["store"], windowS: number): RateDecision {
  return { allowed, limit, remaining: Math.max(0, res.remainingPoints), resetS: Math.max(1, Math.ceil(res.msBeforeNext / 1000)), windowS, store };
}

/** Per-limit limiters: rate-limiter-flexible fixes the points per instance, and keys may have their own limits. */
function limiterPool<T>(make: (points: number) => T): (points: number) => T {
  const pool = new Map<number, T>();
  return (points) => {
    let l = pool.get(points);
    if (!l) pool.set(points, (l = make(points)));
    return l;
  };
}

function memoryLimiters(prefix: string, windowS: number) {
  return limiterPool((points) => new RateLimiterMemory({ keyPrefix: `${prefix}:${points}`, points, duration: windowS }));
}

async function consume(l: RateLimiterAbstract, key: string, limit: number, store: RateDecision["store"], windowS: number, cost = 1): Promise<RateDecision> {
  try {
    return fromRes(await l.consume(key, cost), limit, true, store, windowS);
  } catch (reason) {
    if (reason instanceof RateLimiterRes) return fromRes(reason, limit, false, store, windowS);
    throw reason;
  }
}

export async function createApiKeyRateLimiter(opts: ApiKeyRateLimiterOptions): Promise<ApiKeyRateLimiter> {
  const prefix = opts.keyPrefix ?? "almanac:rate";
  const windowS = opts.windowS ?? WINDOW_S;
  const memory = memoryLimiters(prefix, windowS);

  if (opts.upstashUrl && opts.upstashToken) {
    const [{ Ratelimit }, { Redis: UpstashRedis }] = await Promise.all([import("@upstash/ratelimit"), import("@upstash/redis")]);
    const timeoutMs = Math.max(200, opts.commandTimeoutMs);
    const redis = new UpstashRedis({ url: opts.upstashUrl, token: opts.upstashToken, retry: false, signal: () => AbortSignal.timeout(timeoutMs) });
    const outage: OutageLog = createOutageLog({ label: "API rate limits: Upstash", fallback: "counting requests per process in memory", log: opts.log });
    const upstash = limiterPool(
      (points) => new Ratelimit({ redis, limiter: Ratelimit.fixedWindow(points, `${windowS} s`), prefix: `${prefix}:${points}`, timeout: timeoutMs, analytics: false, ephemeralCache: false }),
    );
    return {
      store: "upstash",
      async check(keyId, perMinute, cost = 1) {
        try {
          const r = await upstash(perMinute).limit(keyId, { rate: cost });
          if (r.reason === "timeout") throw new Error(`no answer within ${timeoutMs} ms`);
          outage.recovered();
          return { allowed: r.success, limit: perMinute, remaining: Math.max(0, r.remaining), resetS: Math.max(1, Math.ceil((r.reset - Date.now()) / 1000)), windowS, store: "upstash" };
        } catch (e) {
          outage.failed(e);
          return consume(memory(perMinute), keyId, perMinute, "memory", windowS, cost);
        }
      },
      async close() {},
    };
  }

  if (opts.redisUrl) {
    const outage = createOutageLog({ label: "API rate limits: Redis", fallback: "counting requests per process in memory", log: opts.log });
    const client: Redis = await createFailFastRedis(opts.redisUrl, { commandTimeoutMs: opts.commandTimeoutMs, outage });
    const redis = limiterPool(
      (points) => new RateLimiterRedis({ keyPrefix: `${prefix}:${points}`, points, duration: windowS, storeClient: client, insuranceLimiter: memory(points) }),
    );
    return {
      store: "redis",
      async check(keyId, perMinute, cost = 1) {
        // While Redis is down rate-limiter-flexible answers from the insurance (memory) limiter.
        return consume(redis(perMinute), keyId, perMinute, outage.down ? "memory" : "redis", windowS, cost);
      },
      async close() {
        await closeRedis(client);
      },
    };
  }

  return {
    store: "memory",
    check: (keyId, perMinute, cost = 1) => consume(memory(perMinute), keyId, perMinute, "memory", windowS, cost),
    async close() {},
  };
}

/** IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers), plus Retry-After when refused. */
export function rateLimitHeaders(d: RateDecision): Record<string, string> {
  const h: Record<string, string> = {
    "RateLimit-Limit": String(d.limit),
    "RateLimit-Remaining": String(d.remaining),
    "RateLimit-Reset": String(d.resetS),
    "RateLimit-Policy": `${d.limit};w=${d.windowS}`,
  };
  if (!d.allowed) h["Retry-After"] = String(d.resetS);
  return h;
}
