/** REST read endpoints for integrators: assets, series, anomalies, models and versions, jobs, forecasts — filters, cursors, allow-lists, the document. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { anomalies, forecasts, jobRuns, series as seriesTable } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { createApiKey } from "@/server/api-keys/manage-api-keys";
import { createAsset, getAsset, getSeries } from "@/server/assets";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";
import { seedDemo } from "@/server/seed/seed-demo";
import { versionEvidence } from "@/server/testing/authz-kit";
import { openApiMismatches } from "@/server/testing/openapi-check";
import { GET as anomaliesRoute } from "./anomalies/route";
import { GET as seriesListRoute } from "./assets/[assetId]/series/route";
import { GET as forecastsRoute } from "./forecasts/route";
import { GET as jobsRoute } from "./jobs/route";
import { GET as assetsRoute } from "./assets/route";
import { GET as versionsRoute } from "./models/[modelId]/versions/route";
import { GET as modelsRoute } from "./models/route";
import { GET as openApiRoute } from "./openapi.json/route";
import { GET as seriesRoute } from "./assets/[assetId]/series/[metric]/route";

let handle: DbHandle;
const keys: Record<string, string> = {};
let modelId: string;
const versionIds: string[] = [];
let meter0Id: string;

const get = (route: (r: Request, c: never) => Promise<Response>, url: string, key = keys.read, params: Record<string, string> = {}) =>
  route(new Request(`http://localhost${url}`, { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve(params) } as never);

beforeAll(async () => {
  handle = await createTestDb();
  setRouteDbForTests(handle);
  await seedDemo(handle.db);
  for (let i = 0; i < 5; i++) await createAsset(handle.db, { slug: `meter-${i}`, name: `Plant meter ${i}`, kind: "meter", timezone: "UTC" });
  const demand = await getAsset(handle.db, { idOrSlug: "ew-demand" });
  const series = await getSeries(handle.db, { assetId: demand.id, metric: "demand_mw" });
  const model = await ensureModel(handle.db, { assetId: demand.id, seriesId: series.id, metric: "demand_mw", horizon: 48, frequency: "30m", seasonLengths: [48, 336] });
  modelId = model.id;
  for (let v = 0; v < 3; v++) {
    const ver = await createVersion(handle.db, { modelId, algorithm: "seasonal-naive", codeVersion: "test" });
    await completeVersion(handle.db, { versionId: ver.id, ...versionEvidence(series.id), promoteIfNoChampion: true });
    versionIds.push(ver.id);
  }
  // Three stored forecasts, one per version, a minute apart (version 3's newest).
  await handle.db.insert(forecasts).values(
    versionIds.map((id, i) => ({
      modelId,
      modelVersionId: id,
      originTs: new Date(Date.UTC(2001, 0, 1, i)),
      stepMs: 1_800_000,
      horizon: 2,
      levels: [80],
      points: [1, 2].map((h) => ({ ts: new Date(Date.UTC(2001, 0, 1, i) + h * 1_800_000).toISOString(), mean: 30_000 + h, lower: { "80": 29_000 }, upper: { "80": 31_000 } })),
      createdAt: new Date(Date.UTC(2030, 0, 1, 0, i)),
    })),
  );
  // A series with no readings yet (a count of 0, no first/last timestamp).
  await handle.db.insert(seriesTable).values({ assetId: demand.id, metric: "aaa_empty", unit: "kW" });
  meter0Id = (await getAsset(handle.db, { idOrSlug: "meter-0" })).id;
  // Five runs of a job only this test starts: three on ew-demand, two on meter-0, a minute apart (newest last).
  await handle.db.insert(jobRuns).values(
    Array.from({ length: 5 }, (_, i) => ({
      jobId: "read-endpoints-test",
      status: i === 4 ? ("failed" as const) : ("succeeded" as const),
      assetId: i < 3 ? demand.id : meter0Id,
      stage: "done",
      percent: 100,
      error: i === 4 ? { name: "Error", message: "boom" } : null,
      createdAt: new Date(Date.UTC(2030, 0, 1, 0, i)),
      startedAt: new Date(Date.UTC(2030, 0, 1, 0, i, 1)),
      finishedAt: new Date(Date.UTC(2030, 0, 1, 0, i, 2)),
    })),
  );
  await handle.db.insert(anomalies).values(
    Array.from({ length: 3 }, (_, i) => ({ seriesId: series.id, ts: new Date(Date.UTC(2000, 7, 1, i)), kind: "spike_above" as const, value: 40_000, expected: 30_000, lower: 28_000, upper: 32_000, score: 2.5, reason: "Exceeds predicted value by 33%", method: "seasonal-baseline" })),
  );
  keys.read = (await createApiKey(handle.db, { name: "read", scopes: ["read"] })).key;
  keys.meter0 = (await createApiKey(handle.db, { name: "meter-0 only", scopes: ["read"], assetIds: [(await getAsset(handle.db, { idOrSlug: "meter-0" })).id] })).key;
  keys.ingest = (await createApiKey(handle.db, { name: "ingest", scopes: ["ingest"] })).key;
});
afterAll(async () => handle?.close());

describe("GET /api/v1/assets", () => {
  it("pages through every asset by slug with cursors, and filters by kind and text", async () => {
    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const res = await get(assetsRoute, `/api/v1/assets?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      expect(await openApiMismatches(res, "GET", "/api/v1/assets")).toEqual([]);
      const page = (await res.json()) as { items: { slug: string }[]; next_cursor: string | null };
      seen.push(...page.items.map((a) => a.slug));
      cursor = page.next_cursor;
    }
    expect(seen).toEqual([...seen].sort());
    expect(seen).toContain("ew-demand");
    expect(new Set(seen).size).toBe(seen.length);
    const meters = await (await get(assetsRoute, "/api/v1/assets?kind=meter&q=PLANT")).json();
    expect(meters.items.map((a: { slug: string }) => a.slug)).toEqual(["meter-0", "meter-1", "meter-2", "meter-3", "meter-4"]);
    const bad = await get(assetsRoute, "/api/v1/assets?kind=planet");
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ field: "kind" });
  });

  it("shows a key only its allowed assets, and needs the read scope", async () => {
    const mine = await (await get(assetsRoute, "/api/v1/assets", keys.meter0)).json();
    expect(mine.items.map((a: { slug: string }) => a.slug)).toEqual(["meter-0"]);
    const res = await get(assetsRoute, "/api/v1/assets", keys.ingest);
    expect(res.status).toBe(403);
    expect(await openApiMismatches(res, "GET", "/api/v1/assets")).toEqual([]);
  });
});

describe("GET /api/v1/anomalies, /models, /models/{id}/versions", () => {
  it("lists anomalies newest first with cursors, per asset, within the allow-list", async () => {
    const first = await get(anomaliesRoute, "/api/v1/anomalies?asset=ew-demand&limit=2");
    expect(await openApiMismatches(first, "GET", "/api/v1/anomalies")).toEqual([]);
    const p1 = await first.json();
    expect(p1.items.map((a: { timestamp: string }) => a.timestamp)).toEqual(["2000-08-01T02:00:00.000Z", "2000-08-01T01:00:00.000Z"]);
    const p2 = await (await get(anomaliesRoute, `/api/v1/anomalies?asset=ew-demand&limit=2&cursor=${p1.next_cursor}`)).json();
    expect(p2.items.map((a: { timestamp: string }) => a.timestamp)).toEqual(["2000-08-01T00:00:00.000Z"]);
    expect(p2.next_cursor).toBeNull();
    expect((await (await get(anomaliesRoute, "/api/v1/anomalies", keys.meter0)).json()).items).toEqual([]);
    expect((await get(anomaliesRoute, "/api/v1/anomalies?asset=ew-demand", keys.meter0)).status).toBe(404);
    // A cursor it never returned (malformed, or a time past year 9999 the database cannot take) is a 422 naming it.
    for (const bad of ["nope", "999999999999999_00000000-0000-4000-8000-000000000000"]) {
      const res = await get(anomaliesRoute, `/api/v1/anomalies?cursor=${bad}`);
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({ field: "cursor" });
    }
  });

  it("lists models with their champion and a model's versions newest first", async () => {
    const res = await get(modelsRoute, "/api/v1/models?asset=ew-demand");
    expect(await openApiMismatches(res, "GET", "/api/v1/models")).toEqual([]);
    const models = await res.json();
    expect(models.items).toEqual([expect.objectContaining({ id: modelId, asset_id: "ew-demand", metric: "demand_mw", horizon: 48, champion: expect.objectContaining({ version: 1 }) })]);
    const vres = await get(versionsRoute, `/api/v1/models/${modelId}/versions?limit=2`, keys.read, { modelId });
    expect(await openApiMismatches(vres, "GET", "/api/v1/models/{modelId}/versions")).toEqual([]);
    const versions = await vres.json();
    expect(versions.items.map((v: { version: number }) => v.version)).toEqual([3, 2]);
    expect(versions.next_cursor).not.toBeNull();
    expect((await get(versionsRoute, `/api/v1/models/${modelId}/versions`, keys.meter0, { modelId })).status).toBe(404);
    expect((await get(versionsRoute, "/api/v1/models/not-a-model/versions", keys.read, { modelId: "not-a-model" })).status).toBe(404);
    expect((await (await get(modelsRoute, "/api/v1/models", keys.meter0)).json()).items).toEqual([]);
  });
});

/** Follows next_cursor from the first page to the last, checking every page against the document. */
async function allPages<T>(route: (r: Request, c: never) => Promise<Response>, url: string, template: string, params: Record<string, string> = {}) {
  const pages: T[][] = [];
  let cursor: string | null = "";
  while (cursor !== null) {
    const res = await get(route, `${url}${url.includes("?") ? "&" : "?"}${cursor ? `cursor=${encodeURIComponent(cursor)}` : ""}`, keys.read, params);
    expect(res.status).toBe(200);
    expect(await openApiMismatches(res, "GET", template)).toEqual([]);
    const page = (await res.json()) as { items: T[]; next_cursor: string | null };
    pages.push(page.items);
    cursor = page.next_cursor;
  }
  return pages;
}

describe("GET /api/v1/jobs", () => {
  it("pages job runs newest first, filters by kind, status and asset", async () => {
    const pages = await allPages<{ id: string; name: string; created_at: string; asset: { slug: string } | null }>(jobsRoute, "/api/v1/jobs?kind=read-endpoints-test&limit=3", "/api/v1/jobs");
    expect(pages.map((p) => p.length)).toEqual([3, 2]);
    const runs = pages.flat();
    expect(runs.map((r) => r.created_at)).toEqual([4, 3, 2, 1, 0].map((m) => new Date(Date.UTC(2030, 0, 1, 0, m)).toISOString()));
    expect(runs.map((r) => r.asset?.slug)).toEqual(["meter-0", "meter-0", "ew-demand", "ew-demand", "ew-demand"]);
    const failed = await (await get(jobsRoute, "/api/v1/jobs?kind=read-endpoints-test&status=failed")).json();
    expect(failed.items).toEqual([expect.objectContaining({ name: "read-endpoints-test", status: "failed", progress: { stage: "done", percent: 100 }, error: { name: "Error", message: "boom" } })]);
    const demand = await (await get(jobsRoute, "/api/v1/jobs?kind=read-endpoints-test&asset=ew-demand")).json();
    expect(demand.items).toHaveLength(3);
  });

  it("shows a key only runs on its allowed assets, needs `read`, and names a bad parameter", async () => {
    const mine = await (await get(jobsRoute, "/api/v1/jobs", keys.meter0)).json();
    expect(mine.items.map((r: { asset: { slug: string } }) => r.asset.slug)).toEqual(["meter-0", "meter-0"]);
    expect((await get(jobsRoute, "/api/v1/jobs?asset=ew-demand", keys.meter0)).status).toBe(404);
    const forbidden = await get(jobsRoute, "/api/v1/jobs", keys.ingest);
    expect(forbidden.status).toBe(403);
    expect(await openApiMismatches(forbidden, "GET", "/api/v1/jobs")).toEqual([]);
    for (const [query, field] of [["status=sleeping", "status"], ["limit=0", "limit"], ["cursor=nope", "cursor"], ["cursor=999999999999999_00000000-0000-0000-0000-000000000000", "cursor"]]) {
      const bad = await get(jobsRoute, `/api/v1/jobs?${query}`);
      expect(bad.status).toBe(422);
      expect(await openApiMismatches(bad, "GET", "/api/v1/jobs")).toEqual([]);
      expect(await bad.json()).toMatchObject({ field });
    }
  });
});

describe("GET /api/v1/assets/{assetId}/series", () => {
  it("pages an asset's series by metric with point counts and first/last timestamps", async () => {
    const all = (await allPages<{ metric: string; point_count: number; first_timestamp: string | null; last_timestamp: string | null }>(seriesListRoute, "/api/v1/assets/ew-demand/series?limit=1", "/api/v1/assets/{assetId}/series", { assetId: "ew-demand" })).flat();
    expect(all.length).toBeGreaterThanOrEqual(2);
    const metrics = all.map((s) => s.metric);
    expect(metrics).toEqual([...metrics].sort());
    expect(all[0]).toMatchObject({ metric: "aaa_empty", point_count: 0, first_timestamp: null, last_timestamp: null });
    const demand = all.find((s) => s.metric === "demand_mw")!;
    expect(demand.point_count).toBeGreaterThan(0);
    const points = await (await get(seriesRoute, "/api/v1/assets/ew-demand/series/demand_mw", keys.read, { assetId: "ew-demand", metric: "demand_mw" })).json();
    expect(demand.point_count).toBe(points.points.length);
    expect(demand.first_timestamp).toBe(points.points[0].timestamp);
    expect(demand.last_timestamp).toBe(points.points.at(-1).timestamp);
  });

  it("keeps to the allow-list, needs `read`, and names a bad parameter", async () => {
    const other = await get(seriesListRoute, "/api/v1/assets/ew-demand/series", keys.meter0, { assetId: "ew-demand" });
    expect(other.status).toBe(404);
    expect(await openApiMismatches(other, "GET", "/api/v1/assets/{assetId}/series")).toEqual([]);
    const mine = await (await get(seriesListRoute, "/api/v1/assets/meter-0/series", keys.meter0, { assetId: "meter-0" })).json();
    expect(mine).toEqual({ asset: { id: meter0Id, slug: "meter-0" }, items: [], next_cursor: null });
    expect((await get(seriesListRoute, "/api/v1/assets/ew-demand/series", keys.ingest, { assetId: "ew-demand" })).status).toBe(403);
    const bad = await get(seriesListRoute, "/api/v1/assets/ew-demand/series?limit=abc", keys.read, { assetId: "ew-demand" });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ field: "limit" });
  });
});

describe("GET /api/v1/forecasts", () => {
  it("pages stored forecasts newest first with their model version and origin, filtered by asset and metric", async () => {
    const pages = await allPages<{ model: { version_id: string; version: number }; origin: string; metric: string }>(forecastsRoute, "/api/v1/forecasts?asset=ew-demand&metric=demand_mw&limit=2", "/api/v1/forecasts");
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    const all = pages.flat();
    expect(all.map((f) => f.model.version)).toEqual([3, 2, 1]);
    expect(all.map((f) => f.model.version_id)).toEqual([...versionIds].reverse());
    expect(all[0].origin).toBe(new Date(Date.UTC(2001, 0, 1, 2)).toISOString());
    expect((await (await get(forecastsRoute, "/api/v1/forecasts?asset=ew-demand&metric=temperature")).json()).items).toEqual([]);
  });

  it("keeps to the allow-list, needs `read`, and names a bad parameter", async () => {
    expect((await (await get(forecastsRoute, "/api/v1/forecasts", keys.meter0)).json()).items).toEqual([]);
    expect((await get(forecastsRoute, "/api/v1/forecasts?asset=ew-demand", keys.meter0)).status).toBe(404);
    const forbidden = await get(forecastsRoute, "/api/v1/forecasts", keys.ingest);
    expect(forbidden.status).toBe(403);
    expect(await openApiMismatches(forbidden, "GET", "/api/v1/forecasts")).toEqual([]);
    const bad = await get(forecastsRoute, "/api/v1/forecasts?limit=501");
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ field: "limit" });
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("serves the document, itself as documented", async () => {
    const res = await openApiRoute(new Request("http://localhost/api/v1/openapi.json"), {} as never);
    expect(res.status).toBe(200);
    expect(await openApiMismatches(res, "GET", "/api/v1/openapi.json")).toEqual([]);
    expect(Object.keys((await res.json()).paths)).toEqual(expect.arrayContaining(["/api/v1/jobs", "/api/v1/forecasts", "/api/v1/assets/{assetId}/series"]));
  });
});
