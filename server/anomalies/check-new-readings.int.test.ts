import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { getAsset, getSeries } from "@/server/assets";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import { seedDemo } from "@/server/seed/seed-demo";
import { acknowledgeAnomaly } from "./acknowledge-anomaly";
import { checkNewReadings } from "./check-new-readings";
import { listAnomalies } from "./list-anomalies";
import { readHistoryBefore } from "./read-history-before";

let handle: DbHandle;
let seriesId: string;
let assetId: string;
const HALF_HOUR = 1_800_000;

beforeAll(async () => {
  handle = await createTestDb();
  await seedDemo(handle.db);
  const asset = await getAsset(handle.db, { idOrSlug: "ew-demand" });
  assetId = asset.id;
  seriesId = (await getSeries(handle.db, { assetId, metric: "demand_mw" })).id;
});
afterAll(async () => handle?.close());

describe("anomalies from ingestion", () => {
  it("records a spike in pushed readings as they are ingested, once however often they are checked, and lists and acknowledges it", async () => {
    const lastWeek = await readHistoryBefore(handle.db, { seriesId, before: new Date("2100-01-01T00:00:00Z"), limit: 336 });
    const t0 = lastWeek[lastWeek.length - 1].ts.getTime();
    // A day's readings continuing the series, copied from a week earlier; one of them a 40 % spike.
    const values = lastWeek.slice(0, 48).map((o) => o.value);
    const points = values.map((v, i) => ({ timestamp: new Date(t0 + (i + 1) * HALF_HOUR).toISOString(), value: i === 20 ? v * 1.4 : v }));
    await ingestBatch(handle.db, { assetId, source: "test", series: [{ metric: "demand_mw", points: points.map((p) => ({ tsMs: Date.parse(p.timestamp), value: p.value })) }] });
    // The ingest itself checked the new readings and recorded the spike.
    expect((await listAnomalies(handle.db, { assetId })).items.map((a) => [a.kind, a.ts.toISOString()])).toEqual([["spike_above", points[20].timestamp]]);
    const range = { seriesId, from: new Date(points[0].timestamp), to: new Date(points[points.length - 1].timestamp) };
    const first = await checkNewReadings(handle.db, range);
    expect(first.checked).toBe(48);
    expect(first.anomalies.map((a) => [a.kind, new Date(a.timestamp).toISOString()])).toEqual([["spike_above", points[20].timestamp]]);
    await checkNewReadings(handle.db, range);
    const listed = await listAnomalies(handle.db, { assetId });
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ assetSlug: "ew-demand", metric: "demand_mw", kind: "spike_above", acknowledgedAt: null });
    // The chart's query: one series, one time range (both ends inclusive).
    const at = new Date(points[20].timestamp);
    expect((await listAnomalies(handle.db, { seriesId, from: at, to: at })).items).toHaveLength(1);
    expect((await listAnomalies(handle.db, { seriesId, from: new Date(at.getTime() + 1) })).items).toHaveLength(0);
    expect((await listAnomalies(handle.db, { seriesId, to: new Date(at.getTime() - 1) })).items).toHaveLength(0);

    const ack = await acknowledgeAnomaly(handle.db, { id: listed.items[0].id, userId: null });
    expect(ack.acknowledgedAt).toBeInstanceOf(Date);
    expect((await listAnomalies(handle.db, { assetId, open: true })).items).toHaveLength(0);
    expect((await listAnomalies(handle.db, { assetId, open: false })).items).toHaveLength(1);
    expect((await acknowledgeAnomaly(handle.db, { id: listed.items[0].id, userId: null })).acknowledgedAt).toEqual(ack.acknowledgedAt);
    await expect(acknowledgeAnomaly(handle.db, { id: "not-a-uuid", userId: null })).rejects.toMatchObject({ status: 404 });
    expect((await listAnomalies(handle.db, { assetIds: [] })).items).toHaveLength(0);
  });
});
