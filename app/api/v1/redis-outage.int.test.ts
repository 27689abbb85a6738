/**
 * Redis fault test: a redis-server this test starts itself (its own port, AOF in a temp dir so a restart
 * keeps the data), a real cache pointed at it, and the real forecast and observations route handlers over a
 * seeded database. Killing Redis must not fail or slow a request (each answers within 200 ms from the
 * database), must log one warning and no "Unhandled error event", and an invalidation that could not reach
 * Redis must not let the stale entry be served once Redis is back. After a restart the cache serves hits again.
 */
import { type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Redis } from "ioredis";
import { GET as getForecast } from "@/app/api/v1/assets/[assetId]/forecast/route";
import { POST as pushObservations } from "@/app/api/v1/assets/[assetId]/observations/route";
import { createTestDb } from "@/db/testing";
import { freePort, hasRedisServer, killProcess, spawnRedisServer } from "@/server/testing/own-redis";
import { assets, forecasts, series } from "@/db/schema";
import { createApiKey } from "@/server/api-keys/manage-api-keys";
import { openCache, setCacheForTests, type Cache } from "@/server/cache";
import { forecastCacheKey } from "@/server/forecasts/cache-keys";
import { invalidateModelForecast } from "@/server/forecasts";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";

if (!hasRedisServer) console.warn("\n*** redis-outage.int.test.ts SKIPPED: redis-server is not on PATH, the Redis fault test did not run ***\n");

const BUDGET_MS = 200;
const HOUR = 3_600_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!hasRedisServer)("cache with Redis down (own redis-server)", () => {
  let dir: string;
  let port: number;
  let redisProcess: ChildProcess | undefined;
  let direct: Redis;
  let cache: Cache;
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let apiKey: string;
  let modelId: string;
  const logged = { warn: [] as string[], info: [] as string[] };
  const log = { warn: (m: string) => logged.warn.push(m), info: (m: string) => logged.info.push(m) };
  const consoleError = vi.spyOn(console, "error");

  async function startRedis() {
    redisProcess = spawnRedisServer(port, ["--appendonly", "yes", "--appendfsync", "always", "--dir", dir]);
    await until("redis-server to answer", async () => ((await direct.ping()) === "PONG" ? true : undefined));
  }
  const killRedis = () => killProcess(redisProcess);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "almanac-redis-outage-"));
    port = await freePort();
    // The test's own view of Redis, to plant and inspect entries; it reconnects quietly on its own.
    direct = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 50 });
    direct.on("error", () => {});
    await direct.connect().catch(() => {});
    await startRedis();

    handle = await createTestDb();
    setRouteDbForTests(handle);
    const [a] = await handle.db.insert(assets).values({ slug: "outage", name: "Outage", kind: "meter" }).returning();
    const [s] = await handle.db.insert(series).values({ assetId: a.id, metric: "load", frequency: "1h" }).returning();
    const model = await ensureModel(handle.db, { assetId: a.id, seriesId: s.id, metric: "load", horizon: 2, frequency: "1h", seasonLengths: [24] });
    modelId = model.id;
    const v = await createVersion(handle.db, { modelId, algorithm: "gbdt-direct", codeVersion: "test" });
    await completeVersion(handle.db, {
      versionId: v.id,
      algorithm: "gbdt-direct",
      parameters: {},
      featureSpec: {},
      featureSpecHash: "x",
      trainingSnapshot: { seriesId: s.id, fromTs: "2026-01-01T00:00:00.000Z", toTs: "2026-01-02T00:00:00.000Z", rowCount: 25, contentHash: "h", stepMs: HOUR },
      backtestMetrics: {},
      calibration: {},
      artifactUri: "file://x",
      artifactSha256: "0".repeat(64),
      promoteIfNoChampion: true,
    });
    const origin = Date.UTC(2026, 0, 2);
    const points = [1, 2].map((h) => ({ ts: new Date(origin + h * HOUR).toISOString(), mean: 10 * h, lower: {}, upper: {} }));
    await handle.db.insert(forecasts).values({ modelId, modelVersionId: v.id, originTs: new Date(origin), stepMs: HOUR, horizon: 2, levels: [], points });
    apiKey = (await createApiKey(handle.db, { name: "outage", scopes: ["read", "ingest"] })).key;

    cache = await openCache({ redisUrl: `redis://127.0.0.1:${port}`, log });
    expect(cache.backend).toBe("redis");
    setCacheForTests(cache);
  });

  afterAll(async () => {
    setCacheForTests(undefined);
    await cache?.close();
    direct?.disconnect();
    await killRedis();
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cacheKey = () => `almanac:${forecastCacheKey(modelId)}`;
  async function timed(call: () => Promise<Response>) {
    const t0 = performance.now();
    const res = await call();
    const body = (await res.json()) as Record<string, unknown>;
    return { status: res.status, body, ms: performance.now() - t0 };
  }
  const forecast = () =>
    timed(() =>
      getForecast(new Request("http://localhost/api/v1/assets/outage/forecast", { headers: { authorization: `Bearer ${apiKey}` } }), {
        params: Promise.resolve({ assetId: "outage" }),
      }),
    );
  let ingested = 0;
  const ingest = () => {
    const ts = new Date(Date.UTC(2026, 0, 3) + ingested++ * HOUR).toISOString();
    return timed(() =>
      pushObservations(
        new Request("http://localhost/api/v1/assets/outage/observations?metric=load", {
          method: "POST",
          headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
          body: JSON.stringify([{ timestamp: ts, value: 1 }]),
        }),
        { params: Promise.resolve({ assetId: "outage" }) },
      ),
    );
  };
  /** Rewrites the cached entry in Redis itself, so a response carrying the marker was served from the cache. */
  async function plantMarker(marker: string) {
    const raw = await direct.get(cacheKey());
    expect(raw).not.toBeNull();
    await direct.set(cacheKey(), JSON.stringify({ ...JSON.parse(raw!), originTs: marker }), "EX", 3600);
  }

  it("serves from the cache while Redis is up", async () => {
    const first = await forecast();
    expect(first.status).toBe(200);
    expect(first.body.originTs).toBe("2026-01-02T00:00:00.000Z");
    await plantMarker("from-cache");
    expect((await forecast()).body.originTs).toBe("from-cache");
    expect((await ingest()).status).toBe(200);
  });

  it("answers forecasts and ingest within 200 ms from the database while Redis is killed, with one warning", async () => {
    await killRedis();
    for (let i = 0; i < 5; i++) {
      const f = await forecast();
      expect(f.status).toBe(200);
      // The database's forecast: the cache (which held the marker) is not reachable.
      expect(f.body.originTs).toBe("2026-01-02T00:00:00.000Z");
      expect(f.ms).toBeLessThan(BUDGET_MS);
      const p = await ingest();
      expect(p.status).toBe(200);
      expect(p.body).toMatchObject({ rowsInserted: 1 });
      expect(p.ms).toBeLessThan(BUDGET_MS);
    }
    // Promote/rollback drop the entry; with Redis down the del cannot land. It must not throw or hang.
    const t0 = performance.now();
    await invalidateModelForecast(cache, modelId);
    expect(performance.now() - t0).toBeLessThan(BUDGET_MS);
    // Let ioredis try (and fail) a few reconnects: still one warning, and no "Unhandled error event".
    await new Promise((r) => setTimeout(r, 1000));
    expect(logged.warn).toHaveLength(1);
    expect(logged.warn[0]).toMatch(/cache: Redis.*unavailable/);
    expect(logged.info).toHaveLength(0);
    expect(consoleError.mock.calls.flat().join(" ")).not.toMatch(/Unhandled error event/);
  });

  it("recovers when Redis is back: the stale entry is not served, then the cache serves hits again", async () => {
    await startRedis();
    // The AOF brought the marked entry back, but its invalidation during the outage never reached Redis.
    expect(JSON.parse((await direct.get(cacheKey()))!).originTs).toBe("from-cache");
    await until("the cache to reconnect", async () => (logged.info.length > 0 ? true : undefined));
    expect(logged.info[0]).toMatch(/cache: Redis.*available again/);
    const after = await forecast();
    expect(after.status).toBe(200);
    expect(after.body.originTs).toBe("2026-01-02T00:00:00.000Z");
    // The miss rewrote the entry; a planted marker now comes back, so reads hit Redis again.
    await until("the entry to be rewritten", async () => {
      const raw = await direct.get(cacheKey());
      return raw && JSON.parse(raw).originTs === "2026-01-02T00:00:00.000Z" ? true : undefined;
    });
    await plantMarker("from-cache-again");
    const hit = await forecast();
    expect(hit.body.originTs).toBe("from-cache-again");
    expect(hit.ms).toBeLessThan(BUDGET_MS);
    expect(logged.warn).toHaveLength(1);
  });

  it("a hung Redis (SIGSTOP) costs at most one command timeout per request", async () => {
    redisProcess?.kill("SIGSTOP");
    try {
      for (let i = 0; i < 5; i++) {
        const f = await forecast();
        expect(f.status).toBe(200);
        expect(f.ms).toBeLessThan(BUDGET_MS);
      }
      expect(logged.warn).toHaveLength(2);
    } finally {
      redisProcess?.kill("SIGCONT");
    }
    // No reconnect happens (the connection never dropped): a probe after the cool-down notices the recovery.
    await until("the cache to answer again", async () => {
      await forecast();
      return logged.info.length === 2 ? true : undefined;
    });
    await until("the entry to be rewritten", async () => ((await direct.get(cacheKey())) ? true : (await forecast(), undefined)));
    await plantMarker("after-hang");
    expect((await forecast()).body.originTs).toBe("after-hang");
  });
});
