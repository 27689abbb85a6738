/**
 * Sign-in attempt limits, per account (the normalised email, whether or not such an account exists, so the
 * answer says nothing about which emails have accounts) and per client address. Over either limit the key is
 * blocked for SIGN_IN_BLOCK_S and the route answers 429 with Retry-After. Counts live in Redis when REDIS_URL
 * is set, so every instance sees the same attempts; a Redis that fails or is slower than
 * REDIS_COMMAND_TIMEOUT_MS falls back to per-process memory limits (rate-limiter-flexible's insurance
 * limiter), with one warning per outage. Without REDIS_URL the limits are per process.
 */
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createOutageLog } from "@/server/cache/outage";
import { closeRedis, createFailFastRedis } from "@/server/cache/redis-client";
import { env } from "@/server/env";
import { normalizeEmail } from "@/server/users/public-user";

export interface SignInLimits {
  /** Attempts per account in `windowS`; the next one is refused and the account blocked for `blockS`. */
  maxPerAccount: number;
  /** Failed attempts per client address in `windowS` (a successful sign-in gives its attempt back). */
  maxPerAddress: number;
  windowS: number;
  blockS: number;
}

export interface SignInLimiterOptions extends SignInLimits {
  /** Shared counts in this Redis; unset means memory only. */
  redisUrl?: string;
  commandTimeoutMs?: number;
  /** Key prefix in Redis, so tests (and several apps on one Redis) keep apart. */
  keyPrefix?: string;
  log?: Pick<Console, "warn" | "info">;
}

export interface SignInAttempt {
  email: string;
  address: string;
}

export type SignInVerdict = { allowed: true } | { allowed: false; limit: "account" | "address"; retryAfterS: number };

export interface SignInLimiter {
  /** Counts an attempt; says whether it may go ahead. */
  check(attempt: SignInAttempt): Promise<SignInVerdict>;
  /** After a correct password: the account starts afresh and the address gets this attempt back. */
  succeeded(attempt: SignInAttempt): Promise<void>;
  close(): Promise<void>;
}

/** Emails longer than any account's are cut, so a key's size does not depend on what a client sends. */
const MAX_KEY_CHARS = 320;

export function accountKey(email: string): string {
  return normalizeEmail(email).slice(0, MAX_KEY_CHARS);
}

function retryAfterS(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

export async function createSignInLimiter(opts: SignInLimiterOptions): Promise<SignInLimiter> {
  const prefix = opts.keyPrefix ?? "almanac:sign-in";
  let client: Redis | undefined;
  if (opts.redisUrl) {
    const outage = createOutageLog({ label: "sign-in limits: Redis", fallback: "counting attempts per process in memory", log: opts.log });
    client = await createFailFastRedis(opts.redisUrl, { commandTimeoutMs: opts.commandTimeoutMs ?? env.REDIS_COMMAND_TIMEOUT_MS, outage });
  }
  const limiter = (name: string, points: number): RateLimiterAbstract => {
    const settings = { keyPrefix: `${prefix}:${name}`, points, duration: opts.windowS, blockDuration: opts.blockS };
    const memory = new RateLimiterMemory(settings);
    return client ? new RateLimiterRedis({ ...settings, storeClient: client, insuranceLimiter: memory }) : memory;
  };
  const byAccount = limiter("account", opts.maxPerAccount);
  const byAddress = limiter("address", opts.maxPerAddress);

  /** Resolves with the refusal, or null when the point was granted; a store failure (no insurance) throws. */
  const consume = (l: RateLimiterAbstract, key: string) =>
    l.consume(key).then(
      () => null,
      (reason: unknown) => {
        if (reason instanceof RateLimiterRes) return reason;
        throw reason;
      },
    );

  return {
    async check({ email, address }) {
      // The address first: a client over its limit does not also run up (and lock) the accounts it names.
      const byAddr = await consume(byAddress, address);
      if (byAddr) return { allowed: false, limit: "address", retryAfterS: retryAfterS(byAddr) };
      const account = accountKey(email);
      if (!account) return { allowed: true };
      const byAcct = await consume(byAccount, account);
      if (byAcct) return { allowed: false, limit: "account", retryAfterS: retryAfterS(byAcct) };
      return { allowed: true };
    },
    async succeeded({ email, address }) {
      await Promise.all([byAccount.delete(accountKey(email)), byAddress.reward(address, 1)]);
    },
    async close() {
      if (client) await closeRedis(client);
    },
  };
}

export function signInLimitsFromEnv(): SignInLimits {
  return {
    maxPerAccount: env.SIGN_IN_MAX_PER_ACCOUNT,
    maxPerAddress: env.SIGN_IN_MAX_PER_IP,
    windowS: env.SIGN_IN_WINDOW_S,
    blockS: env.SIGN_IN_BLOCK_S,
  };
}

const globalForLimiter = globalThis as unknown as { almanacSignInLimiter?: Promise<SignInLimiter> };

/** The process-wide limiter from the environment, opened on the first sign-in. */
export function getSignInLimiter(): Promise<SignInLimiter> {
  globalForLimiter.almanacSignInLimiter ??= createSignInLimiter({ ...signInLimitsFromEnv(), redisUrl: env.REDIS_URL });
  return globalForLimiter.almanacSignInLimiter;
}

/** Points the sign-in route at a limiter a test made; undefined restores the default. */
export function setSignInLimiterForTests(limiter: SignInLimiter | undefined): void {
  globalForLimiter.almanacSignInLimiter = limiter ? Promise.resolve(limiter) : undefined;
}
