/**
 * One shared request budget per provider (OpenAQ: 60/min and 2,000/h), kept in Redis when the app has
 * REDIS_URL (every worker counts against the same budget) and in process memory otherwise.
 * `take()` waits until both windows allow a request instead of failing: a scheduled pull should slow down,
 * not drop a page.
 */
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

export interface RateWindow {
  points: number;
  durationS: number;
}

export interface ProviderLimiter {
  readonly store: "redis" | "memory";
  /** Resolves once a request may be sent; `sleep` is injectable for tests. */
  take(): Promise<void>;
}

export interface ProviderLimiterOptions {
  provider: string;
  windows: RateWindow[];
  redis?: Redis;
  sleep?: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createProviderLimiter(opts: ProviderLimiterOptions): ProviderLimiter {
  const sleep = opts.sleep ?? realSleep;
  const limiters: RateLimiterAbstract[] = opts.windows.map((w) => {
    const keyPrefix = `ingest:${opts.provider}:${w.points}per${w.durationS}s`;
    return opts.redis
      ? new RateLimiterRedis({ storeClient: opts.redis, keyPrefix, points: w.points, duration: w.durationS, insuranceLimiter: new RateLimiterMemory({ keyPrefix, points: w.points, duration: w.durationS }) })
      : new RateLimiterMemory({ keyPrefix, points: w.points, duration: w.durationS });
  });
  return {
    store: opts.redis ? "redis" : "memory",
    async take() {
      for (const l of limiters) {
        for (;;) {
          try {
            await l.consume(opts.provider, 1);
            break;
          } catch (res) {
            if (!(res instanceof RateLimiterRes)) throw res;
            await sleep(Math.max(1, res.msBeforeNext));
          }
        }
      }
    },
  };
}

const shared = new Map<string, ProviderLimiter>();

/** The process-wide limiter of a provider (created on first use with its documented windows). */
export function providerLimiter(provider: string, windows: RateWindow[], redis?: Redis): ProviderLimiter {
  let l = shared.get(provider);
  if (!l) shared.set(provider, (l = createProviderLimiter({ provider, windows, redis })));
  return l;
}
