/**
 * ingest-scheduled's cron ticks against a real database (Postgres with TEST_DATABASE_URL, else PGlite), in
 * both executors: a tick with no source due records no job run at all; a tick with one due records a cron
 * run that pulls it; an event naming a source is always recorded.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { Inngest } from "inngest";
import { InngestTestEngine, mockCtx } from "@inngest/test";
import type { DbHandle } from "@/db/client";
import { ingestSources, jobRuns } from "@/db/schema";
import { createTestDb } from "@/db/testing";
import { createArtifactStore } from "@/server/serving/artifacts";
import { createAsset } from "@/server/assets";
import { createMemoryCache } from "@/server/cache";
import { createInferenceClient } from "@/server/serving/inference";
import { listRuns } from "@/server/jobs";
import type { AnyJobDefinition, JobDeps } from "../define-job";
import { EmbeddedRunner } from "../embedded/runner";
import { inngestDispatch } from "../runtime";
import { startFeedServer, type FeedServer } from "../../server/testing/feed-server";
import { toInngestFunction } from "../to-inngest-function";
import { allJobs, ingestScheduled } from ".";

const MINUTE_MS = 60_000;
/** A cron that fires once a year: a source that ran a moment ago is certainly not due. */
const YEARLY = "0 0 1 1 *";

let handle: DbHandle;
let feed: FeedServer;
let dir: string;
let assetId: string;
let baseDeps: Omit<JobDeps, "dispatch" | "db">;

const ingestRuns = () => handle.db.select().from(jobRuns).where(eq(jobRuns.jobId, "ingest-scheduled"));

function feedCsv(startMs: number, n: number): string {
  return ["timestamp,v", ...Array.from({ length: n }, (_, i) => `${new Date(startMs + i * 30 * MINUTE_MS).toISOString()},${i}`)].join("\n");
}

async function addSource(values: Partial<typeof ingestSources.$inferInsert> & { name: string }) {
  const [row] = await handle.db
    .insert(ingestSources)
    .values({ assetId, metric: "kwh", url: "https://feed.test/kwh.csv", timestampField: "timestamp", valueField: "v", ...values })
    .returning();
  return row;
}

beforeAll(async () => {
  handle = await createTestDb();
  feed = await startFeedServer();
  feed.setBody("/kwh.csv", feedCsv(Date.UTC(2025, 0, 1), 48));
  dir = await mkdtemp(path.join(os.tmpdir(), "almanac-ingest-scheduled-"));
  const artifacts = createArtifactStore({ artifactDir: dir });
  baseDeps = {
    cache: createMemoryCache(),
    artifacts,
    inference: createInferenceClient({ store: artifacts, executionProviders: ["cpu"] }),
    http: { fetchImpl: feed.fetchImpl, resolve: feed.resolve },
  };
  assetId = (await createAsset(handle.db, { slug: "meter-1", name: "Meter 1", kind: "meter" })).id;
});
afterAll(async () => {
  await baseDeps?.inference.close();
  await feed?.close();
  await handle?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await handle.db.delete(jobRuns).where(eq(jobRuns.jobId, "ingest-scheduled"));
  await handle.db.delete(ingestSources).where(eq(ingestSources.assetId, assetId));
});

describe("ingest-scheduled on the embedded runner", () => {
  let clock = new Date("2026-03-02T10:05:10Z");
  let runner: EmbeddedRunner;
  /** One scheduler tick at `iso` (the runner fires cron once per minute; polling is left idle). */
  const tickAt = async (iso: string) => {
    clock = new Date(iso);
    await runner["tick"]();
  };

  beforeAll(async () => {
    runner = new EmbeddedRunner({ db: handle.db, definitions: allJobs, deps: baseDeps, cron: true, now: () => clock, pollMs: 3_600_000, retryBaseMs: 1 });
    await runner.start();
  });
  afterAll(async () => runner?.stop());

  it("records nothing for ticks with no source configured, none enabled, or none due", async () => {
    await tickAt("2026-03-02T10:10:10Z");
    expect(await ingestRuns()).toEqual([]);

    await addSource({ name: "off", enabled: false });
    await tickAt("2026-03-02T10:15:10Z");
    expect(await ingestRuns()).toEqual([]);

    // Hourly, last pulled at 10:00:30: nothing is due until 11:00.
    await addSource({ name: "hourly", cron: "0 * * * *", lastRunAt: new Date("2026-03-02T10:00:30Z") });
    await tickAt("2026-03-02T10:20:10Z");
    await tickAt("2026-03-02T10:25:10Z");
    expect(await ingestRuns()).toEqual([]);
    // What the jobs page lists: none of those ticks shows up.
    expect(await listRuns(handle.db, { jobId: "ingest-scheduled" })).toEqual([]);
  });

  it("records a cron run, and pulls, once a source is due", async () => {
    const source = await addSource({ name: "hourly", cron: "0 * * * *", lastRunAt: new Date("2026-03-02T10:00:30Z") });
    await tickAt("2026-03-02T11:00:10Z");
    const [run, ...others] = await ingestRuns();
    expect(others).toEqual([]);
    expect(run).toMatchObject({ trigger: "cron", mode: "embedded", dedupeKey: "cron:2026-03-02T11:00:00.000Z" });
    expect(await runner.waitFor(run.id, 60_000)).toBe("succeeded");
    const [done] = await ingestRuns();
    expect(done.result).toMatchObject({ sources: [expect.objectContaining({ sourceId: source.id, fetched: 48, inserted: 48 })] });
  });

  it("records an event-triggered pull of a named source even when it is not due, and an explicit pull-all with nothing due", async () => {
    const source = await addSource({ name: "yearly", cron: YEARLY, lastRunAt: new Date() });
    const named = await runner.dispatch("ingest-scheduled", { sourceId: source.id });
    const all = await runner.dispatch("ingest-scheduled", {});
    expect(await runner.waitFor(named.runId, 60_000)).toBe("succeeded");
    expect(await runner.waitFor(all.runId, 60_000)).toBe("succeeded");
    const runs = new Map((await ingestRuns()).map((r) => [r.id, r]));
    expect(runs.get(named.runId)).toMatchObject({ trigger: "event", result: { sources: [expect.objectContaining({ sourceId: source.id })] } });
    expect(runs.get(all.runId)).toMatchObject({ trigger: "event", result: { sources: [] } });
  });
});

describe("ingest-scheduled as an Inngest function", () => {
  const client = new Inngest({ id: "almanac-test" });
  const sent: { name: string; data: Record<string, unknown> }[] = [];
  let deps: JobDeps;
  beforeAll(() => {
    deps = { ...baseDeps, db: handle.db, dispatch: inngestDispatch(handle.db, allJobs, async (e) => void sent.push(e)) };
  });

  /** Inngest re-invokes a function once per step with one run id; the test engine mints one per call, so pin it. */
  function engine(event: { name: string; data: Record<string, unknown> }, def: AnyJobDefinition = ingestScheduled) {
    const runId = `test-run-${Math.random().toString(36).slice(2)}`;
    return new InngestTestEngine({
      function: toInngestFunction(client, def, async () => deps),
      events: [event],
      transformCtx: (raw) => ({ ...mockCtx(raw), runId }) as typeof raw,
    });
  }
  const cronEvent = { name: "inngest/scheduled.timer", data: { cron: "*/5 * * * *" } };

  it("drops a cron firing with nothing due before any job row is written", async () => {
    await addSource({ name: "yearly", cron: YEARLY, lastRunAt: new Date() });
    const { result, ctx } = await engine(cronEvent).execute();
    expect(result).toEqual({ skipped: "nothing scheduled to do" });
    expect(await handle.db.select().from(jobRuns).where(eq(jobRuns.externalRunId, ctx.runId))).toEqual([]);
    expect(await ingestRuns()).toEqual([]);
  });

  it("records a cron firing with a due source, and an event naming a source that is not due", async () => {
    const due = await addSource({ name: "never-run" });
    const { result, ctx } = await engine(cronEvent).execute();
    expect(result).toMatchObject({ sources: [expect.objectContaining({ sourceId: due.id, fetched: 48 })] });
    const [run] = await handle.db.select().from(jobRuns).where(eq(jobRuns.externalRunId, ctx.runId));
    expect(run).toMatchObject({ jobId: "ingest-scheduled", trigger: "cron", mode: "inngest", status: "succeeded" });

    // Just pulled, so no longer due; a request naming it still runs and is recorded.
    const named = await engine({ name: ingestScheduled.event, data: { sourceId: due.id } }).execute();
    const [eventRun] = await handle.db.select().from(jobRuns).where(eq(jobRuns.externalRunId, named.ctx.runId));
    expect(eventRun).toMatchObject({ trigger: "event", status: "succeeded" });
    expect(eventRun.result).toMatchObject({ sources: [expect.objectContaining({ sourceId: due.id, inserted: 0 })] });
  });

  it("runs, and so records, a cron firing whose scheduled-work check throws", async () => {
    const broken = { ...ingestScheduled, hasScheduledWork: async () => Promise.reject(new Error("sources table unreadable")) };
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { ctx } = await engine(cronEvent, broken as AnyJobDefinition).execute();
    const messages = logged.mock.calls.map((c) => String(c[0]));
    logged.mockRestore();
    expect(messages).toContainEqual(expect.stringContaining("scheduled-work check failed"));
    const [run] = await handle.db.select().from(jobRuns).where(eq(jobRuns.externalRunId, ctx.runId));
    expect(run).toMatchObject({ trigger: "cron", status: "succeeded" });
  });
});
