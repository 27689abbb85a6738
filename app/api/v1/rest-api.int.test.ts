/** The public REST v1 route handlers, called with real Request objects against a test database. */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { createTestDb } from "@/db/testing";
import { observations, series } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/server/api-keys/manage-api-keys";
import { createAsset } from "@/server/assets";
import { env } from "@/server/env";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { openApiMismatches } from "@/server/testing/openapi-check";
import { GET as getForecast } from "./assets/[assetId]/forecast/route";
import { POST as pushObservations } from "./assets/[assetId]/observations/route";
import { GET as getSeriesPoints } from "./assets/[assetId]/series/[metric]/route";
import { POST as postImport } from "./imports/route";

const BASE = "http://localhost/api/v1";

describe("REST v1", () => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let assetId: string;
  let otherAssetId: string;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    handle = await createTestDb();
    setRouteDbForTests(handle);
    assetId = (await createAsset(handle.db, { slug: "sensor-7", name: "Sensor 7", kind: "meter", timezone: "Europe/London" })).id;
    otherAssetId = (await createAsset(handle.db, { slug: "other", name: "Other", kind: "meter" })).id;
    keys.rw = (await createApiKey(handle.db, { name: "rw", scopes: ["ingest", "read"] })).key;
    keys.read = (await createApiKey(handle.db, { name: "read", scopes: ["read"] })).key;
    keys.otherOnly = (await createApiKey(handle.db, { name: "other only", scopes: ["ingest", "read"], assetIds: [otherAssetId] })).key;
    const revoked = await createApiKey(handle.db, { name: "revoked", scopes: ["ingest", "read"] });
    await revokeApiKey(handle.db, { id: revoked.apiKey.id });
    keys.revoked = revoked.key;
  });
  afterAll(async () => handle?.close());

  /** Every response these helpers get is checked against the OpenAPI document (status, content type, body). */
  const documented = async (res: Response, method: string, template: string) => {
    expect(await openApiMismatches(res, method, template)).toEqual([]);
    return res;
  };
  const push = async (asset: string, body: BodyInit | null, opts: { key?: string | null; query?: string; type?: string } = {}) =>
    documented(await pushObservations(
      new Request(`${BASE}/assets/${asset}/observations${opts.query ?? ""}`, {
        method: "POST",
        headers: {
          ...(opts.key === null ? {} : { authorization: `Bearer ${opts.key ?? keys.rw}` }),
          "content-type": opts.type ?? "application/json",
        },
        body,
      }),
      { params: Promise.resolve({ assetId: asset }) },
    ), "POST", "/api/v1/assets/{assetId}/observations");
  const get = async (asset: string, metric: string, query = "", key = keys.rw) =>
    documented(await getSeriesPoints(new Request(`${BASE}/assets/${asset}/series/${metric}${query}`, { headers: { authorization: `Bearer ${key}` } }), {
      params: Promise.resolve({ assetId: asset, metric }),
    }), "GET", "/api/v1/assets/{assetId}/series/{metric}");
  const upload = async (query: string, body: BodyInit, type?: string, key = keys.rw) =>
    documented(await postImport(
      new Request(`${BASE}/imports${query}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, ...(type ? { "content-type": type } : {}) },
        body,
      }),
    ), "POST", "/api/v1/imports");
  const problem = async (res: Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String) });
    return body;
  };

  it("pushes points by slug and reads them back; a re-push stores nothing new", async () => {
    const points = [0, 1, 2].map((i) => ({ timestamp: new Date(Date.UTC(2024, 5, 1, i)).toISOString(), value: 10 + i }));
    const first = await push("sensor-7", JSON.stringify(points), { query: "?metric=temp_c&unit=C" });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ rowsAccepted: 3, rowsInserted: 3 });
    const again = await push(assetId, JSON.stringify(points), { query: "?metric=temp_c" });
    expect(await again.json()).toMatchObject({ rowsAccepted: 3, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 3 });

    // `from` naive: read in the asset's zone (Europe/London, BST in June) → 01:00Z.
    const res = await get("sensor-7", "temp_c", "?from=2024-06-01T02:00&to=2024-06-02");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { series: { unit: string }; points: { timestamp: string; value: number }[] };
    expect(body.series.unit).toBe("C");
    expect(body.points).toEqual([
      { timestamp: "2024-06-01T01:00:00.000Z", value: 11, quality: 0 },
      { timestamp: "2024-06-01T02:00:00.000Z", value: 12, quality: 0 },
    ]);
  });

  it("refuses missing, wrong and revoked keys (401), a wrong scope (403) and an asset outside the key's list (404)", async () => {
    const body = JSON.stringify([{ timestamp: "2024-01-01T00:00:00Z", value: 1 }]);
    const none = await push("sensor-7", body, { key: null, query: "?metric=x" });
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    await problem(none, 401);
    // Authentication comes first: an unknown asset is not revealed to a caller without a valid key.
    await problem(await push("no-such-asset", body, { key: null, query: "?metric=x" }), 401);
    await problem(await push("sensor-7", body, { key: "alm_0123456789ab_" + "x".repeat(43), query: "?metric=x" }), 401);
    await problem(await push("sensor-7", body, { key: keys.revoked, query: "?metric=x" }), 401);
    const scope = await problem(await push("sensor-7", body, { key: keys.read, query: "?metric=x" }), 403);
    expect(scope.detail).toMatch(/ingest/);
    // Outside the allow-list answers exactly like an unknown asset: no existence oracle.
    const outside = await problem(await push("sensor-7", body, { key: keys.otherOnly, query: "?metric=x" }), 404);
    const unknown = await problem(await push("no-such-asset", body, { key: keys.otherOnly, query: "?metric=x" }), 404);
    const blank = (p: Record<string, unknown>) => ({ ...p, detail: String(p.detail).replace(/"[^"]*"/, '"?"'), instance: undefined });
    expect(blank(outside)).toEqual(blank(unknown));
    expect(outside.detail).toBe('asset "sensor-7" not found');
    expect(await problem(await get("sensor-7", "temp_c", "", keys.otherOnly), 404)).toMatchObject({ detail: 'asset "sensor-7" not found' });
    expect(await problem(await get(assetId, "temp_c", "", keys.otherOnly), 404)).toMatchObject({ detail: `asset "${assetId}" not found` });
    await problem(await upload("?asset=sensor-7", "date,a\n2024-01-01,1\n", "text/csv", keys.otherOnly), 404);
    expect((await push("other", body, { key: keys.otherOnly, query: "?metric=x" })).status).toBe(200);
    expect((await handle.db.select({ n: count() }).from(series).where(eq(series.assetId, assetId)))[0].n).toBe(1);
  });

  it("answers bad input with problem+json, never a 500", async () => {
    await problem(await push("no-such-asset", "[]", { query: "?metric=x" }), 404);
    await problem(await get("sensor-7", "no_such_metric"), 404);
    await problem(await push("sensor-7", "[{", { query: "?metric=x" }), 400);
    await problem(await push("sensor-7", "", { query: "?metric=x" }), 400);
    await problem(await push("sensor-7", "a,b", { query: "?metric=x", type: "text/csv" }), 415);
    const wrongType = await problem(
      await push("sensor-7", JSON.stringify([{ timestamp: "2024-01-01T00:00:00Z", value: 1 }, { timestamp: "2024-01-01T01:00:00Z", value: true }]), {
        query: "?metric=x",
      }),
      422,
    );
    expect(wrongType).toMatchObject({ field: "[1].value", row: 2 });
    const badTs = await problem(await push("sensor-7", JSON.stringify({ metric: "x", points: [{ timestamp: "soon", value: 1 }] })), 422);
    expect(badTs).toMatchObject({ field: "points[0].timestamp", row: 1 });
    await problem(await push("sensor-7", JSON.stringify("just a string")), 422);
    await problem(await push("sensor-7", JSON.stringify([{ timestamp: "2024-01-01T00:00:00Z", value: 1 }]), { query: "?metric=bad%20name" }), 422);
    const badFrom = await problem(await get("sensor-7", "temp_c", "?from=yesterday"), 422);
    expect(badFrom.field).toBe("from");
    // A broken percent-escape in the path is the client's mistake: 400 naming the path, not a 404 or 500.
    expect(await problem(await get("sensor-7", "%E0%A4%A"), 400)).toMatchObject({ field: "path" });
    await problem(await get("sensor-7", "temp_c", "?limit=-1"), 422);

    // Over the limit: refused by the declared length, and while streaming when no length is declared.
    const huge = "[" + '{"timestamp":"2024-01-01T00:00:00Z","value":1},'.repeat(Math.ceil(env.MAX_BODY_BYTES / 45)) + "]";
    const tooBig = await problem(await push("sensor-7", huge, { query: "?metric=x" }), 413);
    expect(tooBig.limitBytes).toBe(env.MAX_BODY_BYTES);
    const streamed = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(huge));
        c.close();
      },
    });
    await problem(
      await pushObservations(
        new Request(`${BASE}/assets/sensor-7/observations?metric=x`, {
          method: "POST",
          headers: { authorization: `Bearer ${keys.rw}`, "content-type": "application/json" },
          body: streamed,
          duplex: "half",
        } as RequestInit),
        { params: Promise.resolve({ assetId: "sensor-7" }) },
      ),
      413,
    );
  });

  it("refuses NUL and control characters in path params and query values with a 400 naming them", async () => {
    const body = JSON.stringify([{ timestamp: "2024-01-01T00:00:00Z", value: 1 }]);
    // What Next hands the handler for /assets/a%00b/...: the decoded param.
    const nulAsset = await pushObservations(
      new Request(`${BASE}/assets/a%00b/observations?metric=x`, { method: "POST", headers: { authorization: `Bearer ${keys.rw}`, "content-type": "application/json" }, body }),
      { params: Promise.resolve({ assetId: "a\u0000b" }) },
    );
    expect(await problem(nulAsset, 400)).toMatchObject({ field: "path" });
    // The params are checked by name too (a router that decodes before the handler sees the URL).
    const byParam = await documented(
      await getForecast(new Request(`${BASE}/assets/x/forecast`, { headers: { authorization: `Bearer ${keys.rw}` } }), {
        params: Promise.resolve({ assetId: "a\u0000b" }),
      }),
      "GET",
      "/api/v1/assets/{assetId}/forecast",
    );
    expect(await problem(byParam, 400)).toMatchObject({ field: "assetId" });
    expect(await problem(await get("sensor-7", "temp_c", "?from=2024%00"), 400)).toMatchObject({ field: "from" });
    expect(await problem(await push("sensor-7", body, { query: "?metric=a%00b" }), 400)).toMatchObject({ field: "metric" });
    expect(await problem(await push("sensor-7", body, { query: "?metric=a%0Ab" }), 400)).toMatchObject({ field: "metric" });
    expect(await problem(await get("sensor-7", "temp_c", "?limit=%ff"), 400)).toMatchObject({ field: "limit" });
    expect(await problem(await upload("?asset=sensor%00", "date,a\n", "text/csv"), 400)).toMatchObject({ field: "asset" });
    const forecastNul = await documented(
      await getForecast(new Request(`${BASE}/assets/sensor-7/forecast?metric=%00`, { headers: { authorization: `Bearer ${keys.rw}` } }), {
        params: Promise.resolve({ assetId: "sensor-7" }),
      }),
      "GET",
      "/api/v1/assets/{assetId}/forecast",
    );
    // No model yet: the documented 404.
    await documented(
      await getForecast(new Request(`${BASE}/assets/sensor-7/forecast`, { headers: { authorization: `Bearer ${keys.rw}` } }), { params: Promise.resolve({ assetId: "sensor-7" }) }),
      "GET",
      "/api/v1/assets/{assetId}/forecast",
    );
    expect(await problem(forecastNul, 400)).toMatchObject({ field: "metric" });
    // A NUL inside a JSON body's metric name reaches Postgres' text check: still a 4xx, never a 500.
    const inBody = await push("sensor-7", JSON.stringify({ metric: "a\u0000b", points: [{ timestamp: "2024-01-01T00:00:00Z", value: 1 }] }));
    expect(inBody.status).toBeGreaterThanOrEqual(400);
    expect(inBody.status).toBeLessThan(500);
  });

  it("loses no point when 8 overlapping pushes race through the handler", async () => {
    const T0 = Date.UTC(2025, 0, 1);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, b) =>
        push(
          "sensor-7",
          JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ timestamp: T0 + (b * 100 + i) * 60_000, value: b * 100 + i }))),
          { query: "?metric=race" },
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const body = (await (await get("sensor-7", "race")).json()) as { points: { timestamp: string; value: number }[] };
    expect(body.points.length).toBe(900);
    expect(body.points.every((p) => p.value === (Date.parse(p.timestamp) - T0) / 60_000)).toBe(true);
  });

  it("imports CSV as text/csv and as multipart; a bad row stores nothing and names row and column", async () => {
    const csv = readFileSync("data/demo/nyc-ozone-weather-1973-daily.csv");
    const res = await upload("?asset=other&ignoreColumns=solar_radiation_langleys&metrics=", csv, "text/csv").catch((e) => e);
    // `metrics=` empty is an invalid option: the whole request is refused.
    await problem(res, 422);
    const ok = await upload("?asset=other&timezone=America/New_York", csv, "text/csv");
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ rowsRead: 153, series: expect.arrayContaining([expect.objectContaining({ metric: "ozone_ppb" })]) });

    const form = new FormData();
    form.set("asset", "sensor-7");
    form.set("metrics", "v=volts:V");
    form.set("file", new Blob(["time,v\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,2\n"], { type: "text/csv" }), "v.csv");
    const multipart = await upload("", form);
    expect(multipart.status).toBe(201);
    expect(await multipart.json()).toMatchObject({ rowsInserted: 2, series: [{ metric: "volts" }] });

    const before = (await handle.db.select({ n: count() }).from(observations))[0].n;
    const bad = await problem(await upload("?asset=sensor-7", "date,a,b\n2024-01-01,1,2\n2024-01-02,3,oops\n", "text/csv"), 422);
    expect(bad).toMatchObject({ row: 2, column: "b" });
    expect((await handle.db.select({ n: count() }).from(observations))[0].n).toBe(before);
    await problem(await upload("", "date,a\n", "text/csv"), 422);
    await problem(await upload("?asset=sensor-7&colour=blue", "date,a\n", "text/csv"), 422);
    await problem(await upload("?asset=sensor-7", "{}", "application/json"), 415);
    await problem(await upload("?asset=sensor-7", "x".repeat(env.MAX_BODY_BYTES + 1), "text/csv"), 413);
    await problem(await upload("?asset=nope", "date,a\n", "text/csv"), 404);
    await problem(await upload("?asset=sensor-7", "date,a\n", "text/csv", keys.read), 403);
  });
});
