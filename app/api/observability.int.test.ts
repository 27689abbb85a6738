/** /api/health, /api/ready and /api/metrics against the test database and the real cache (TEST_REDIS_URL) or memory. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { openCache, type Cache } from "@/server/cache";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { appReadiness } from "@/server/observability/app-readiness";
import { assertMetricsAccess } from "@/server/observability/metrics-access";
import { metrics } from "@/server/observability/metrics";
import { openApiMismatches } from "@/server/testing/openapi-check";
import { GET as health } from "./health/route";
import { GET as metricsRoute } from "./metrics/route";
import { GET as ready } from "./ready/route";

let handle: DbHandle;
let cache: Cache;
const redisUrl = process.env.TEST_REDIS_URL || undefined;

beforeAll(async () => {
  handle = await createTestDb();
  setRouteDbForTests(handle);
  cache = await openCache({ redisUrl });
});
afterAll(async () => {
  await cache?.close();
  await handle?.close();
});

describe("health and readiness", () => {
  it("/api/health answers without touching dependencies", async () => {
    const res = await health(new Request("http://localhost/api/health"));
    expect(res.status).toBe(200);
    expect(await openApiMismatches(res, "GET", "/api/health")).toEqual([]);
    expect(await res.json()).toMatchObject({ status: "ok" });
  });

  it("/api/ready checks the database, the cache and the job queue", async () => {
    const res = await ready(new Request("http://localhost/api/ready"));
    expect(await openApiMismatches(res, "GET", "/api/ready")).toEqual([]);
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.status).toBe("ready");
    expect(body.checks.database).toMatchObject({ ok: true, required: true });
    expect(body.checks.cache).toMatchObject({ ok: true });
    expect(body.checks.jobs).toMatchObject({ ok: true, detail: "0 queued" });
  });

  it("is not ready when the queue stalls, or the cache does not round-trip; a dead sidecar is reported but optional", async () => {
    const dead = http.createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((r) => dead.listen(0, "127.0.0.1", r));
    try {
      const sidecarUrl = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
      const ok = await appReadiness({ db: handle.db, cache, sidecarUrl });
      expect(ok.ready).toBe(true);
      expect(ok.checks.sidecar).toMatchObject({ ok: false, required: false, detail: "/healthz answered 500" });

      const blackHole: Cache = { backend: "redis", get: async () => null, set: async () => {}, del: async () => {}, close: async () => {} };
      const noCache = await appReadiness({ db: handle.db, cache: blackHole });
      expect(noCache.ready).toBe(false);
      expect(noCache.checks.cache.detail).toMatch(/did not return the value/);

      await handle.db.insert(jobRuns).values({ jobId: "train-model", createdAt: new Date(Date.now() - 3_600_000) });
      const stalled = await appReadiness({ db: handle.db, cache });
      expect(stalled.ready).toBe(false);
      expect(stalled.checks.jobs.detail).toMatch(/1 queued, the oldest for 3\d{3} s/);
      const res = await ready(new Request("http://localhost/api/ready"));
      expect(res.status).toBe(503);
      expect(await openApiMismatches(res, "GET", "/api/ready")).toEqual([]);
    } finally {
      await new Promise((r) => dead.close(r));
    }
  });
});

describe("/api/metrics", () => {
  it("serves Prometheus text to loopback callers", async () => {
    metrics().ingestedPoints.inc({ source: "rest" }, 5);
    const res = await metricsRoute(new Request("http://localhost/api/metrics", { headers: { "x-forwarded-for": "127.0.0.1" } }));
    expect(res.status).toBe(200);
    expect(await openApiMismatches(res, "GET", "/api/metrics")).toEqual([]);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(/almanac_ingested_points_total\{source="rest"\} \d+/);
  });

  it("refuses other callers with a problem, and with a token only its bearer", async () => {
    const res = await metricsRoute(new Request("http://localhost/api/metrics", { headers: { "x-forwarded-for": "203.0.113.9" } }));
    expect(res.status).toBe(401);
    expect(await openApiMismatches(res, "GET", "/api/metrics")).toEqual([]);
    expect(res.headers.get("content-type")).toMatch(/problem\+json/);
    const req = (auth?: string) => new Request("http://localhost/api/metrics", auth ? { headers: { authorization: auth } } : {});
    expect(() => assertMetricsAccess(req("Bearer s3cret"), "s3cret", "203.0.113.9")).not.toThrow();
    expect(() => assertMetricsAccess(req("Bearer wrong!"), "s3cret", "127.0.0.1")).toThrow(/METRICS_TOKEN/);
    expect(() => assertMetricsAccess(req(), "s3cret", "127.0.0.1")).toThrow(/METRICS_TOKEN/);
  });
});
