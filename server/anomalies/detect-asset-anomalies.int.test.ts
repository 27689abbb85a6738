import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { createAsset, getAsset, type Asset } from "@/server/assets";
import { seedDemo } from "@/server/seed/seed-demo";
import { detectAssetAnomalies } from "./detect-asset-anomalies";

let handle: DbHandle;
let demand: Asset;
const rows = readFileSync(path.resolve("data/demo/taylor-england-wales-demand-half-hourly.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
// The last two weeks are posted as the stream; the ten weeks before them are the stored history it is checked against.
const tail = rows.slice(-672).map(([timestamp, v]) => ({ timestamp, value: Number(v) }));

beforeAll(async () => {
  handle = await createTestDb();
  await seedDemo(handle.db);
  demand = await getAsset(handle.db, { idOrSlug: "ew-demand" });
});
afterAll(async () => handle?.close());

describe("detectAssetAnomalies on the stored demand history", () => {
  it("a normal stream raises no more than one alarm per 1,000 readings", async () => {
    const r = await detectAssetAnomalies(handle.db, { asset: demand, body: { data_stream: tail } });
    expect(r).toMatchObject({ asset_id: "ew-demand", metric: "demand_mw", method: "seasonal-baseline", sensitivity: 99.5 });
    expect(r.note).toMatch(/fitted on 3360 stored readings/);
    expect(r.anomalies.length).toBeLessThanOrEqual(Math.floor(tail.length / 1000));
  });

  it("finds an injected spike, a level shift, a stuck run and a gap, each once", async () => {
    const stream = tail.map((p) => ({ ...p }));
    stream[100].value = stream[100].value * 1.3;
    for (let i = 200; i < 212; i++) stream[i].value = stream[200].value;
    stream.splice(400, 3);
    for (let i = 500; i < stream.length; i++) stream[i].value += 5000;
    const r = await detectAssetAnomalies(handle.db, { asset: demand, body: { data_stream: stream } });
    const kinds = r.anomalies.map((a) => `${a.kind}@${a.timestamp}`);
    expect(kinds).toEqual([
      `spike_above@${new Date(tail[100].timestamp).toISOString()}`,
      `stuck@${new Date(tail[200].timestamp).toISOString()}`,
      `gap@${new Date(tail[400].timestamp).toISOString()}`,
      `level_shift@${new Date(tail[503].timestamp).toISOString()}`,
    ]);
    const spike = r.anomalies[0];
    expect(spike.value).toBeGreaterThan(spike.upper!);
    expect(spike.reason).toMatch(/^Exceeds predicted value by (2\d|3\d)%$/);
    expect(r.anomalies[2]).toMatchObject({ length: 3, reason: "3 readings missing", value: null });
  });

  it("names the field and row of bad input", async () => {
    const bad = tail.slice(0, 5).map((p) => ({ ...p }));
    bad[3].timestamp = "yesterday";
    await expect(detectAssetAnomalies(handle.db, { asset: demand, body: { data_stream: bad } })).rejects.toMatchObject({ field: "data_stream[3].timestamp", row: 4 });
    const backwards = [tail[1], tail[0]];
    await expect(detectAssetAnomalies(handle.db, { asset: demand, body: { data_stream: backwards } })).rejects.toMatchObject({ field: "data_stream[1].timestamp", row: 2 });
    await expect(detectAssetAnomalies(handle.db, { asset: demand, body: { data_stream: tail, metric: "voltage" } })).rejects.toMatchObject({ field: "metric", message: expect.stringMatching(/has demand_mw/) });
  });

  it("works from the stream alone for an asset without stored readings", async () => {
    const fresh = await createAsset(handle.db, { slug: "line-b", name: "Line B", kind: "meter", timezone: "UTC" });
    const stream = tail.map((p) => ({ ...p }));
    stream[300].value = stream[300].value * 0.6;
    const r = await detectAssetAnomalies(handle.db, { asset: fresh, body: { data_stream: stream } });
    expect(r.metric).toBe("value");
    expect(r.anomalies.map((a) => a.kind)).toContain("spike_below");
    expect(r.anomalies.find((a) => a.kind === "spike_below")?.timestamp).toBe(new Date(tail[300].timestamp).toISOString());
  });
});
