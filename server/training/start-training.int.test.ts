import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb } from "@/db/testing";
import type { DbHandle } from "@/db/client";
import { ensureAsset } from "@/server/assets";
import { PayloadTooLargeError, ValidationError } from "@/server/http/errors";
import type { Dispatch } from "@/server/jobs/dispatch";
import { startFeedServer, type FeedServer } from "@/server/testing/feed-server";
import { startTraining, type StartTrainingParams } from "./start-training";

let handle: DbHandle;
let feed: FeedServer;
const dispatched: Parameters<Dispatch>[] = [];
const dispatch: Dispatch = async (...args) => {
  dispatched.push(args);
  return { runId: "00000000-0000-4000-8000-000000000001", created: true };
};

const params = (over: Partial<StartTrainingParams>): StartTrainingParams => ({
  asset: "feed-asset",
  actor: {},
  trigger: "api",
  download: { maxBytes: 10_000, allowHosts: [], fetchImpl: feed.fetchImpl, resolve: feed.resolve },
  ...over,
});

beforeAll(async () => {
  handle = await createTestDb();
  feed = await startFeedServer();
  await ensureAsset(handle.db, { slug: "feed-asset", name: "Feed", kind: "meter" });
  const rows = Array.from({ length: 50 }, (_, i) => `${new Date(Date.UTC(2026, 0, 1, i)).toISOString()},${100 + i}`);
  feed.setBody("/good.csv", ["timestamp,load_kw", ...rows].join("\n"));
  feed.setBody("/bad.csv", ["timestamp,load_kw", rows[0], "2026-01-01T05:00:00Z,abc"].join("\n"));
  feed.setBody("/big.csv", ["timestamp,load_kw", ...Array.from({ length: 2000 }, () => rows[0])].join("\n"));
});
afterAll(async () => {
  await feed?.close();
  await handle?.close();
});

describe("startTraining with data_url", () => {
  it("imports the CSV through the ingestion path, then queues train-model for its metric", async () => {
    const started = await startTraining({ db: handle.db, dispatch }, params({ dataUrl: "https://feed.test/good.csv" }));
    expect(started.metric).toBe("load_kw");
    expect(started.imported?.rowsInserted).toBe(50);
    expect(dispatched.at(-1)?.[0]).toBe("train-model");
    expect(dispatched.at(-1)?.[1]).toMatchObject({ assetId: started.assetId, metric: "load_kw" });
  });

  it("rejects a bad CSV naming the row and column, and queues nothing", async () => {
    const before = dispatched.length;
    const err = await startTraining({ db: handle.db, dispatch }, params({ dataUrl: "https://feed.test/bad.csv" })).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ row: 2 });
    expect(dispatched.length).toBe(before);
  });

  it("rejects a file over the size limit", async () => {
    await expect(startTraining({ db: handle.db, dispatch }, params({ dataUrl: "https://feed.test/big.csv" }))).rejects.toBeInstanceOf(PayloadTooLargeError);
  });
});
