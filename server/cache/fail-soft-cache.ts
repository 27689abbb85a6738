/**
 * Makes a cache backend unable to fail a request: every get/set/del error is caught (a get becomes a miss,
 * a set or del is dropped), logged once per outage, and for `cooldownMs` after a failure the backend is not
 * asked at all (a hung Redis costs one command timeout, not one per request); then one call probes it.
 *
 * Invalidation during an outage: a del (or a set) that did not reach Redis would leave an older value there
 * to be served once Redis is back. Such keys are remembered as pending: until a later set or del of the key
 * succeeds, a get of it is a miss here (so this process re-reads the database and rewrites the entry), and
 * when the backend recovers the pending keys are deleted, so other processes stop reading them too.
 */
import type { Cache } from "./cache";
import { createOutageLog, type OutageLog, type OutageLogOptions } from "./outage";

export interface FailSoftOptions extends Omit<OutageLogOptions, "onDown" | "onUp"> {
  cooldownMs?: number;
  /** Bound on remembered pending invalidations (one short key per model, so generous). */
  maxPending?: number;
}

export interface FailSoft {
  /** Hand this to the client so connection events count too (an ioredis `ready` ends the outage at once). */
  readonly outage: OutageLog;
  wrap(backend: Cache): Cache;
  /** Keys whose last write or delete did not reach the backend. */
  readonly pendingKeys: ReadonlySet<string>;
}

export function createFailSoft(opts: FailSoftOptions): FailSoft {
  const now = opts.now ?? Date.now;
  const cooldownMs = opts.cooldownMs ?? 1000;
  const maxPending = opts.maxPending ?? 100_000;
  const pending = new Set<string>();
  let backend: Cache | undefined;
  let skipUntilMs = 0;
  let flushing: Promise<void> | undefined;
  let warnedFull = false;

  const outage = createOutageLog({
    ...opts,
    onDown: () => {
      skipUntilMs = now() + cooldownMs;
    },
    onUp: () => {
      skipUntilMs = 0;
      flushing ??= flushPending().finally(() => (flushing = undefined));
    },
  });

  async function flushPending() {
    const keys = [...pending];
    if (!backend || keys.length === 0) return;
    try {
      for (let i = 0; i < keys.length; i += 500) {
        const batch = keys.slice(i, i + 500);
        await backend.del(...batch);
        for (const k of batch) pending.delete(k);
      }
    } catch (error) {
      fail(error);
    }
  }

  function fail(error: unknown) {
    if (outage.down) skipUntilMs = now() + cooldownMs;
    else outage.failed(error);
  }

  function remember(keys: string[]) {
    for (const k of keys) {
      if (pending.size >= maxPending && !pending.has(k)) {
        if (!warnedFull) (opts.log ?? console).warn(`[${opts.label}] over ${maxPending} pending invalidations; others may be served until their TTL`);
        warnedFull = true;
        return;
      }
      pending.add(k);
    }
  }

  const skipping = () => outage.down && now() < skipUntilMs;

  async function attempt<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false }> {
    if (skipping()) return { ok: false };
    try {
      const value = await run();
      outage.recovered();
      return { ok: true, value };
    } catch (error) {
      fail(error);
      return { ok: false };
    }
  }

  return {
    outage,
    pendingKeys: pending,
    wrap(inner) {
      backend = inner;
      return {
        backend: inner.backend,
        async get(key) {
          if (pending.has(key)) return null;
          const r = await attempt(() => inner.get(key));
          return r.ok ? r.value : null;
        },
        async set(key, value, ttlSeconds) {
          const r = await attempt(() => inner.set(key, value, ttlSeconds));
          if (r.ok) pending.delete(key);
          else remember([key]);
        },
        async del(...keys) {
          if (keys.length === 0) return;
          const r = await attempt(() => inner.del(...keys));
          if (r.ok) for (const k of keys) pending.delete(k);
          else remember(keys);
        },
        async close() {
          await inner.close().catch(() => {});
        },
      };
    },
  };
}
