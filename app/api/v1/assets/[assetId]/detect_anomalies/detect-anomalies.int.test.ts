/** The detect_anomalies route: the seed's contract (snake_case shapes), scope and allow-list, problem+json errors. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { createApiKey } from "@/server/api-keys/manage-api-keys";
import { createAsset } from "@/server/assets";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { openApiMismatches } from "@/server/testing/openapi-check";
import { seedDemo } from "@/server/seed/seed-demo";
import { GET, POST } from "./route";

const DETECT = "/api/v1/assets/{assetId}/detect_anomalies";
let handle: DbHandle;
const keys: Record<string, string> = {};
const rows = readFileSync(path.resolve("data/demo/taylor-england-wales-demand-half-hourly.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
const stream = rows.slice(-336).map(([timestamp, v]) => ({ timestamp, value: Number(v), temp: 21.5 }));

function call(asset: string, body: unknown, key = keys.predict) {
  return POST(
    new Request(`http://localhost/api/v1/assets/${asset}/detect_anomalies`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    { params: Promise.resolve({ assetId: asset }) },
  );
}

beforeAll(async () => {
  handle = await createTestDb();
  setRouteDbForTests(handle);
  await seedDemo(handle.db);
  const other = await createAsset(handle.db, { slug: "line-a", name: "Line A", kind: "meter", timezone: "UTC" });
  keys.predict = (await createApiKey(handle.db, { name: "p", scopes: ["predict"] })).key;
  keys.read = (await createApiKey(handle.db, { name: "r", scopes: ["read", "ingest"] })).key;
  keys.otherOnly = (await createApiKey(handle.db, { name: "o", scopes: ["predict"], assetIds: [other.id] })).key;
});
afterAll(async () => handle?.close());

describe("POST /api/v1/assets/{asset_id}/detect_anomalies", () => {
  it("answers the contract's shape with the injected anomaly and its reason", async () => {
    const body = { data_stream: stream.map((p, i) => (i === 150 ? { ...p, value: p.value * 1.45 } : p)) };
    const res = await call("ew-demand", body);
    expect(res.status).toBe(200);
    expect(await openApiMismatches(res, "POST", DETECT)).toEqual([]);
    const out = await res.json();
    expect(out).toMatchObject({ asset_id: "ew-demand", metric: "demand_mw", method: "seasonal-baseline" });
    expect(out.anomalies).toEqual([
      {
        timestamp: new Date(stream[150].timestamp).toISOString(),
        value: body.data_stream[150].value,
        expected: expect.any(Number),
        lower: expect.any(Number),
        upper: expect.any(Number),
        score: expect.any(Number),
        kind: "spike_above",
        length: 1,
        reason: expect.stringMatching(/^Exceeds predicted value by \d+%$/),
      },
    ]);
    expect(out.anomalies[0].score).toBeGreaterThan(1);
  });

  it("a higher sensitivity is stricter", async () => {
    const body = { data_stream: stream.map((p, i) => (i % 50 === 25 ? { ...p, value: p.value * 1.07 } : p)) };
    const loose = await (await call("ew-demand", { ...body, sensitivity: 90 })).json();
    const strict = await (await call("ew-demand", { ...body, sensitivity: 99.9 })).json();
    expect(loose.anomalies.length).toBeGreaterThan(strict.anomalies.length);
  });

  it("requires the predict scope and the asset in the key's allow-list", async () => {
    const wrongScope = await call("ew-demand", { data_stream: stream }, keys.read);
    expect(wrongScope.status).toBe(403);
    expect(await openApiMismatches(wrongScope, "POST", DETECT)).toEqual([]);
    expect(wrongScope.headers.get("content-type")).toMatch(/problem\+json/);
    // Outside the allow-list the asset is not revealed: the same 404 as an unknown asset.
    expect((await call("ew-demand", { data_stream: stream }, keys.otherOnly)).status).toBe(404);
    expect((await call("ew-demand", { data_stream: stream }, "alm_nope_nope")).status).toBe(401);
    expect((await call("nowhere", { data_stream: stream })).status).toBe(404);
  });

  it("bad bodies are 4xx problems naming the field", async () => {
    const cases: [unknown, number, string][] = [
      ["{not json", 400, ""],
      [{}, 422, "data_stream"],
      [{ data_stream: [] }, 422, "data_stream"],
      [{ data_stream: [{ timestamp: "2000-08-27T00:00:00Z", value: "high" }] }, 422, "data_stream[0].value"],
      [{ data_stream: [{ timestamp: "noon", value: 1 }, { timestamp: "2000-08-27T00:00:00Z", value: 1 }] }, 422, "data_stream[0].timestamp"],
      [{ data_stream: stream, sensitivity: 100 }, 422, "sensitivity"],
      [{ data_stream: stream, metric: "voltage" }, 422, "metric"],
    ];
    for (const [body, status, field] of cases) {
      const res = await call("ew-demand", body);
      expect({ body, status: res.status }).toEqual({ body, status });
      expect(await openApiMismatches(res, "POST", DETECT)).toEqual([]);
      const problem = await res.json();
      if (field) expect(problem.field).toBe(field);
    }
    expect((await GET(new Request("http://localhost/api/v1/assets/ew-demand/detect_anomalies"))).status).toBe(405);
  });
});
