import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { DbHandle } from "@/db/client";
import { ensureAsset } from "@/server/assets";
import { importCsv } from "@/server/ingest/import-csv";
import { checkTrainability } from "./check-trainability";

let handle: DbHandle;
let assetId: string;
const day = (i: number) => new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);

beforeAll(async () => {
  handle = await createTestDb();
  assetId = (await ensureAsset(handle.db, { slug: "short-city", name: "Short city", kind: "city" })).id;
  // 10 daily readings of one metric, one reading of another.
  const rows = Array.from({ length: 10 }, (_, i) => `${day(i)},${20 + (i % 7)},${i === 0 ? 5 : ""}`);
  await importCsv(handle.db, { asset: assetId, input: `date,temp,rain\n${rows.join("\n")}\n`, options: { timestampColumn: "date", skipMissing: true } });
});
afterAll(async () => handle?.close());

describe("checkTrainability (what the training form shows before a job starts)", () => {
  it("a GBDT on 10 days is refused with what it needs; auto takes it and says no seasonal model will be tried", async () => {
    const gbdt = await checkTrainability(handle.db, { assetId, metric: "temp" });
    expect(gbdt).toMatchObject({ trainable: false, points: 10 });
    expect(gbdt.need).toBeGreaterThan(10);
    expect(gbdt.message).toMatch(/needs at least \d+ — try the auto algorithm/);
    const auto = await checkTrainability(handle.db, { assetId, metric: "temp", options: { algorithm: "auto" } });
    expect(auto).toMatchObject({ trainable: true, points: 10, need: null, seasonLengths: [1] });
  });

  it("one reading is too few to know the spacing; an unknown metric is a 404", async () => {
    expect(await checkTrainability(handle.db, { assetId, metric: "rain", options: { algorithm: "auto" } })).toMatchObject({ trainable: false, points: 1 });
    await expect(checkTrainability(handle.db, { assetId, metric: "nope" })).rejects.toMatchObject({ name: "NotFoundError" });
  });

  it("asks for seasons the data cannot hold: refused naming why", async () => {
    const r = await checkTrainability(handle.db, { assetId, metric: "temp", options: { seasonLengths: [7] } });
    expect(r).toMatchObject({ trainable: false });
    expect(r.message).toMatch(/season lengths are longer than half the data/);
  });
});
