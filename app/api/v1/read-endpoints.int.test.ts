/** REST read endpoints for integrators: assets, anomalies, models and versions — filters, cursors, allow-lists, the document. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { anomalies } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { createApiKey } from "@/server/api-keys/manage-api-keys";
import { createAsset, getAsset, getSeries } from "@/server/assets";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { completeVersion, createVersion, ensureModel } from "@/server/registry";
import { seedDemo } from "@/server/seed/seed-demo";
import { versionEvidence } from "@/server/testing/authz-kit";
import { openApiMismatches } from "@/server/testing/openapi-check";
import { GET as anomaliesRoute } from "./anomalies/route";
import { GET as assetsRoute } from "./assets/route";
import { GET as versionsRoute } from "./models/[modelId]/versions/route";
import { GET as modelsRoute } from "./models/route";

let handle: DbHandle;
const keys: Record<string, string> = {};
let modelId: string;

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
  }
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
