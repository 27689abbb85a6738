import { describe, expect, it } from "vitest";
import type { Cache } from "./cache";
import { createFailSoft } from "./fail-soft-cache";
import { createMemoryCache } from "./memory-cache";

/** A real memory cache that can be switched off: while down every command throws, as a dead Redis does. */
function flakyBackend() {
  const inner = createMemoryCache();
  const state = { down: false, calls: 0 };
  const guard = async <T>(run: () => Promise<T>) => {
    state.calls++;
    if (state.down) throw new Error("connect ECONNREFUSED 127.0.0.1:6390");
    return run();
  };
  const backend: Cache = {
    backend: "redis",
    get: (k) => guard(() => inner.get(k)),
    set: (k, v, t) => guard(() => inner.set(k, v, t)),
    del: (...ks) => guard(() => inner.del(...ks)),
    close: () => inner.close(),
  };
  return { backend, inner, state };
}

function setup() {
  let nowMs = 0;
  const logged = { warn: [] as string[], info: [] as string[] };
  const log = { warn: (m: string) => logged.warn.push(m), info: (m: string) => logged.info.push(m) };
  const failSoft = createFailSoft({ label: "cache: test", fallback: "reading from the database", log, now: () => nowMs, cooldownMs: 1000 });
  const flaky = flakyBackend();
  const cache = failSoft.wrap(flaky.backend);
  return { cache, failSoft, flaky, logged, advance: (ms: number) => (nowMs += ms) };
}

describe("fail-soft cache", () => {
  it("passes through while the backend answers", async () => {
    const { cache, logged } = setup();
    await cache.set("a", "1");
    expect(await cache.get("a")).toBe("1");
    await cache.del("a");
    expect(await cache.get("a")).toBeNull();
    expect(logged.warn).toEqual([]);
  });

  it("turns failures into misses and dropped writes, with one warning per outage and one recovery line", async () => {
    const { cache, flaky, logged, advance } = setup();
    await cache.set("a", "1");
    flaky.state.down = true;
    await expect(cache.get("a")).resolves.toBeNull();
    await expect(cache.set("b", "2")).resolves.toBeUndefined();
    await expect(cache.del("a")).resolves.toBeUndefined();
    for (let i = 0; i < 20; i++) await cache.get("a");
    expect(logged.warn).toHaveLength(1);
    expect(logged.warn[0]).toMatch(/cache: test.*unavailable.*ECONNREFUSED.*reading from the database/);
    flaky.state.down = false;
    advance(1001);
    expect(await cache.get("zzz")).toBeNull();
    expect(logged.info).toHaveLength(1);
    expect(logged.info[0]).toMatch(/available again/);
  });

  it("does not ask a failed backend again until the cool-down has passed", async () => {
    const { cache, flaky, advance } = setup();
    flaky.state.down = true;
    await cache.get("a");
    const callsAfterFirst = flaky.state.calls;
    for (let i = 0; i < 50; i++) await cache.get("a");
    expect(flaky.state.calls).toBe(callsAfterFirst);
    advance(1001);
    await cache.get("a");
    expect(flaky.state.calls).toBe(callsAfterFirst + 1);
  });

  it("never serves an entry whose invalidation was lost, and deletes it when the backend returns", async () => {
    const { cache, failSoft, flaky, advance } = setup();
    await cache.set("forecast:m1", "old");
    flaky.state.down = true;
    await cache.del("forecast:m1"); // promote during the outage: the del cannot land
    expect(failSoft.pendingKeys.has("forecast:m1")).toBe(true);
    flaky.state.down = false;
    // The backend still holds "old", but this process must not serve it.
    expect(await flaky.inner.get("forecast:m1")).toBe("old");
    advance(1001);
    expect(await cache.get("forecast:m1")).toBeNull();
    // The first command that reaches the backend again (here a read of another key) ends the outage.
    await cache.get("forecast:m2");
    // Recovery flushed the pending delete to the backend, so other processes stop reading it too.
    await new Promise((r) => setTimeout(r, 0));
    expect(await flaky.inner.get("forecast:m1")).toBeNull();
    expect(failSoft.pendingKeys.size).toBe(0);
    await cache.set("forecast:m1", "new");
    expect(await cache.get("forecast:m1")).toBe("new");
  });
});
