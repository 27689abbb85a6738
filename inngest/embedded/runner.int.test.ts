import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { NonRetriableError } from "inngest";
import { createTestDb } from "@/db/testing";
import type { DbHandle } from "@/db/client";
import { jobRuns, jobSteps } from "@/db/schema";
import { createMemoryCache } from "@/server/cache";
import { createArtifactStore } from "@/server/serving/artifacts";
import { createInferenceClient } from "@/server/serving/inference";
import { getRun, logTail } from "@/server/jobs";
import { defineJob, type AnyJobDefinition } from "../define-job";
import { EmbeddedRunner } from "./runner";

let handle: DbHandle;
const calls: Record<string, number> = {};
const failures: string[] = [];
let active = 0;
let maxActive = 0;

const bump = (k: string) => (calls[k] = (calls[k] ?? 0) + 1);

const pipeline = defineJob({
  id: "test-pipeline",
  name: "test",
  event: "test/pipeline",
  payload: z.object({ failTimes: z.number().int().default(0), permanent: z.boolean().default(false), tag: z.string().default("") }),
  retries: 2,
  async handler({ event, step, progress, log }) {
    const one = await step.run("one", () => {
      bump(`one${event.data.tag}`);
      return { x: 41 };
    });
    await progress({ stage: "two", percent: 50 });
    const two = await step.run("two", () => {
      const n = bump(`two${event.data.tag}`);
      if (event.data.permanent) throw new NonRetriableError("bad input");
      if (n <= event.data.failTimes) throw new Error(`flaky ${n}`);
      return one.x + 1;
    });
    // A repeated id gets a suffix, like Inngest.
    await step.run("one", () => bump(`again${event.data.tag}`));
    await log(`two gave ${two}`);
    return { two };
  },
  async onFailure({ runId }) {
    failures.push(runId);
  },
});

const serial = defineJob({
  id: "test-serial",
  name: "serial",
  event: "test/serial",
  payload: z.object({}),
  retries: 0,
  concurrency: 1,
  async handler({ step }) {
    await step.run("work", async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 30));
      active--;
    });
  },
});

const ticking = defineJob({ id: "test-cron", name: "cron", event: "test/cron", cron: "*/10 * * * *", payload: z.object({}), retries: 0, async handler() {} });

/** Gates a run's "hold" step on its first start, so a test can keep it running on one instance. */
const gates = new Map<string, () => void>();
const leased = defineJob({
  id: "test-lease",
  name: "lease",
  event: "test/lease",
  payload: z.object({ tag: z.string() }),
  retries: 0,
  async handler({ event, step }) {
    const tag = event.data.tag;
    const start = bump(`lease${tag}`);
    await step.run("prepare", () => bump(`prepare${tag}`));
    await step.run("hold", async () => {
      if (start === 1) await new Promise<void>((release) => gates.set(tag, release));
      return start;
    });
    return { startedBy: start };
  },
});

/** Makes the next `failFinishes` finishRun writes (UPDATE job_runs … finished_at) throw, like a dropped connection. */
const flakyFinish = { failFinishes: 0, failed: 0 };
const finishing = defineJob({
  id: "test-finish",
  name: "finish",
  event: "test/finish",
  payload: z.object({ tag: z.string(), failFinishes: z.number().int() }),
  retries: 0,
  async handler({ event, step }) {
    const start = bump(`finish${event.data.tag}`);
    await step.run("work", () => bump(`work${event.data.tag}`));
    if (start === 1) flakyFinish.failFinishes = event.data.failFinishes;
    return { start };
  },
});

const defs = [pipeline, serial, ticking, leased, finishing] as AnyJobDefinition[];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(pred: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error("condition not reached in time");
    await sleep(10);
  }
}

/** handle.db, except that while `dead` every query throws (a crashed or partitioned instance). */
function killableDb() {
  const state = { dead: false };
  const db = new Proxy(handle.db, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== "function") return v;
      return (...args: unknown[]) => {
        if (state.dead) throw new Error("Connection terminated unexpectedly");
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: db as typeof handle.db, state };
}

/** handle.db whose finishRun writes fail while flakyFinish.failFinishes > 0. */
function flakyFinishDb(): typeof handle.db {
  return new Proxy(handle.db, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (prop !== "update") return typeof v === "function" ? v.bind(target) : v;
      return (table: unknown) => {
        const builder = (v as (t: unknown) => { set: (values: Record<string, unknown>) => unknown }).call(target, table);
        return new Proxy(builder, {
          get(b, p, r) {
            if (p !== "set") return Reflect.get(b, p, r);
            return (values: Record<string, unknown>) => {
              if ("finishedAt" in values && flakyFinish.failFinishes > 0) {
                flakyFinish.failFinishes--;
                flakyFinish.failed++;
                throw new Error("Connection terminated unexpectedly");
              }
              return b.set(values);
            };
          },
        });
      };
    },
  });
}

const started: EmbeddedRunner[] = [];
function runner(extra: Partial<ConstructorParameters<typeof EmbeddedRunner>[0]> = {}) {
  const artifacts = createArtifactStore({ artifactDir: "/tmp/almanac-runner-test-unused" });
  const r = new EmbeddedRunner({
    db: handle.db,
    definitions: defs,
    deps: { cache: createMemoryCache(), artifacts, inference: createInferenceClient({ store: artifacts, executionProviders: ["cpu"] }) },
    retryBaseMs: 1,
    cron: false,
    pollMs: 60_000,
    ...extra,
  });
  started.push(r);
  return r;
}

// A failed assertion must not leave a runner polling (it would claim the next test's runs) or a run held.
afterEach(async () => {
  for (const release of gates.values()) release();
  await Promise.all(started.splice(0).map((r) => r.stop()));
});

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

describe("embedded runner", () => {
  it("runs steps in order, persists them, and retries a flaky step", async () => {
    const r = runner();
    await r.start();
    const { runId } = await r.dispatchById("test-pipeline", { failTimes: 2, tag: "a" });
    expect(await r.waitFor(runId)).toBe("succeeded");
    const run = await getRun(handle.db, { runId });
    expect(run.result).toEqual({ two: 42 });
    expect(run.percent).toBe(100);
    const steps = await handle.db.select().from(jobSteps).where(eq(jobSteps.runId, runId));
    expect(Object.fromEntries(steps.map((s) => [s.stepId, [s.status, s.attempt]]))).toEqual({
      one: ["completed", 0],
      two: ["completed", 2],
      "one:1": ["completed", 0],
    });
    expect(calls.twoa).toBe(3);
    expect((await logTail(handle.db, { runId })).map((l) => l.message)).toContain("two gave 42");
    await r.stop();
  });

  it("fails the run once a step is out of retries, naming the step, and calls onFailure", async () => {
    const r = runner();
    await r.start();
    const { runId } = await r.dispatchById("test-pipeline", { failTimes: 5, tag: "b" });
    expect(await r.waitFor(runId)).toBe("failed");
    const run = await getRun(handle.db, { runId });
    expect(run.error).toEqual({ name: "Error", message: "flaky 3", step: "two" });
    expect(calls.twob).toBe(3);
    expect(failures).toContain(runId);
    await r.stop();
  });

  it("does not retry a NonRetriableError", async () => {
    const r = runner();
    await r.start();
    const { runId } = await r.dispatchById("test-pipeline", { permanent: true, tag: "c" });
    expect(await r.waitFor(runId)).toBe("failed");
    expect(calls.twoc).toBe(1);
    await r.stop();
  });

  it("resumes an interrupted run from its completed steps after a restart", async () => {
    const [run] = await handle.db
      .insert(jobRuns)
      .values({ jobId: "test-pipeline", payload: { tag: "d" }, status: "running", attempts: 1 })
      .returning();
    await handle.db.insert(jobSteps).values({ runId: run.id, stepId: "one", status: "completed", output: { x: 99 } });
    const r = runner();
    await r.start();
    expect(await r.waitFor(run.id)).toBe("succeeded");
    expect(calls.oned).toBeUndefined();
    expect((await getRun(handle.db, { runId: run.id })).result).toEqual({ two: 100 });
    expect((await logTail(handle.db, { runId: run.id }))[0].message).toMatch(/resuming/);
    await r.stop();
  });

  it("fails a run interrupted too many times instead of looping", async () => {
    const [run] = await handle.db.insert(jobRuns).values({ jobId: "test-pipeline", payload: {}, status: "running", attempts: 3 }).returning();
    const r = runner({ maxRunAttempts: 3 });
    await r.start();
    const after = await getRun(handle.db, { runId: run.id });
    expect(after.status).toBe("failed");
    expect(after.error?.name).toBe("InterruptedError");
    await r.stop();
  });

  it("honours a job's concurrency limit", async () => {
    const r = runner();
    await r.start();
    const ids = await Promise.all([1, 2, 3].map(() => r.dispatchById("test-serial", {})));
    for (const { runId } of ids) expect(await r.waitFor(runId)).toBe("succeeded");
    expect(maxActive).toBe(1);
    await r.stop();
  });

  it("fires cron schedules once per minute across runners", async () => {
    const now = () => new Date("2026-03-02T10:20:15Z");
    const a = runner({ cron: true, now });
    const b = runner({ cron: true, now });
    await a.start();
    await b.start();
    const runs = await handle.db.select().from(jobRuns).where(and(eq(jobRuns.jobId, "test-cron"), eq(jobRuns.trigger, "cron")));
    expect(runs).toHaveLength(1);
    expect(runs[0].dedupeKey).toBe("cron:2026-03-02T10:20:00.000Z");
    await a.stop();
    await b.stop();
  });

  it("survives a database error while looking for queued runs: logs it, and the next tick starts the run", async () => {
    let failSelects = 0;
    // Armed after start-up: the next select (the look for queued runs right after a dispatch, fire-and-forget)
    // fails like a dropped connection.
    const flaky = new Proxy(handle.db, {
      get(target, prop, receiver) {
        if (prop === "select" && failSelects > 0) {
          failSelects--;
          return () => {
            throw new Error("Connection terminated unexpectedly");
          };
        }
        const v = Reflect.get(target, prop, receiver);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    const logged: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
    try {
      const r = runner({ db: flaky as typeof handle.db, pollMs: 20 });
      await r.start();
      failSelects = 1;
      const { runId } = await r.dispatchById("test-pipeline", { tag: "flaky-db" });
      expect(await r.waitFor(runId)).toBe("succeeded");
      expect(failSelects).toBe(0);
      expect(logged.some((l) => l.includes("could not start queued runs") && l.includes("Connection terminated"))).toBe(true);
      await r.stop();
    } finally {
      spy.mockRestore();
    }
  });

  it("does not take over a run another live instance is executing", async () => {
    const a = runner({ leaseMs: 300, pollMs: 50 });
    await a.start();
    const { runId } = await a.dispatchById("test-lease", { tag: "live" });
    await until(() => gates.has("live"));
    const b = runner({ leaseMs: 300, pollMs: 50 });
    await b.start();
    await sleep(1_000); // several lease periods: A's heartbeat keeps the run its own
    expect(calls.leaselive).toBe(1);
    const held = await getRun(handle.db, { runId });
    expect(held).toMatchObject({ status: "running", attempts: 1, leaseOwner: a.ownerId });
    expect(held.leaseExpiresAt!.getTime()).toBeGreaterThan(Date.now() - 50);
    gates.get("live")!();
    expect(await a.waitFor(runId)).toBe("succeeded");
    const done = await getRun(handle.db, { runId });
    expect(done).toMatchObject({ status: "succeeded", attempts: 1, result: { startedBy: 1 }, leaseOwner: null, leaseExpiresAt: null });
    expect(calls.leaselive).toBe(1);
    await a.stop();
    await b.stop();
  });

  it("resumes a dead instance's run once its lease expires; the dead instance cannot overwrite the outcome", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      const aDb = killableDb();
      const a = runner({ db: aDb.db, leaseMs: 300, pollMs: 50, writeAttempts: 2, writeRetryBaseMs: 5 });
      await a.start();
      const { runId } = await a.dispatchById("test-lease", { tag: "dead" });
      await until(() => gates.has("dead"));
      const b = runner({ leaseMs: 300, pollMs: 50 });
      await b.start();
      await sleep(500);
      expect(calls.leasedead).toBe(1); // A is alive: B leaves the run alone
      aDb.state.dead = true; // A stops heartbeating (and writing anything) without finishing
      const diedAt = Date.now();
      expect(await b.waitFor(runId, 10_000)).toBe("succeeded");
      // A's last heartbeat was at most leaseMs/3 before it died, so its lease ran at least 2/3 of leaseMs more.
      expect(Date.now() - diedAt).toBeGreaterThanOrEqual(150);
      const run = await getRun(handle.db, { runId });
      expect(run).toMatchObject({ status: "succeeded", attempts: 2, result: { startedBy: 2 }, leaseOwner: null });
      expect(calls.preparedead).toBe(1); // resumed from the completed step
      expect((await logTail(handle.db, { runId })).map((l) => l.message).join("\n")).toMatch(/lease expired.*resuming/);
      // A was only stalled (say, partitioned) and now finishes its copy: B's outcome stands.
      aDb.state.dead = false;
      gates.get("dead")!();
      await a.stop();
      expect(calls.leasedead).toBe(2);
      expect(await getRun(handle.db, { runId })).toMatchObject({ status: "succeeded", result: { startedBy: 2 }, attempts: 2 });
      await b.stop();
    } finally {
      spy.mockRestore();
      warn.mockRestore();
    }
  });

  it("retries a transient finishRun failure, logging it, and the run ends succeeded", async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
    try {
      flakyFinish.failed = 0;
      const r = runner({ db: flakyFinishDb(), writeRetryBaseMs: 5 });
      await r.start();
      const { runId } = await r.dispatchById("test-finish", { tag: "transient", failFinishes: 2 });
      expect(await r.waitFor(runId, 10_000)).toBe("succeeded");
      expect(flakyFinish.failed).toBe(2);
      expect(await getRun(handle.db, { runId })).toMatchObject({ status: "succeeded", attempts: 1, result: { start: 1 }, leaseOwner: null });
      expect(logged.filter((l) => l.includes(`finishing run ${runId}`) && l.includes("Connection terminated"))).toHaveLength(2);
      await r.stop();
    } finally {
      spy.mockRestore();
    }
  });

  it("never leaves a run running when finishing keeps failing: the lease lapses and the run is resumed and finished", async () => {
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      flakyFinish.failed = 0;
      const r = runner({ db: flakyFinishDb(), leaseMs: 300, pollMs: 50, writeAttempts: 3, writeRetryBaseMs: 5 });
      await r.start();
      const { runId } = await r.dispatchById("test-finish", { tag: "stuck", failFinishes: 3 });
      expect(await r.waitFor(runId, 10_000)).toBe("succeeded");
      expect(flakyFinish.failed).toBe(3);
      expect(await getRun(handle.db, { runId })).toMatchObject({ status: "succeeded", attempts: 2, result: { start: 2 } });
      expect(calls.workstuck).toBe(1); // the second start replayed the completed step
      await r.stop();
    } finally {
      spy.mockRestore();
    }
  });
});
