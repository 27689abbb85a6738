import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { NonRetriableError } from "inngest";
import { createTestDb } from "@/db/testing";
import type { DbHandle } from "@/db/client";
import { jobRuns, jobSteps } from "@/db/schema";
import { createMemoryCache } from "@/server/cache";
import { createArtifactStore } from "@/server/artifacts";
import { createInferenceClient } from "@/server/inference";
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

const defs = [pipeline, serial, ticking] as AnyJobDefinition[];

function runner(extra: Partial<ConstructorParameters<typeof EmbeddedRunner>[0]> = {}) {
  const artifacts = createArtifactStore({ artifactDir: "/tmp/almanac-runner-test-unused" });
  return new EmbeddedRunner({
    db: handle.db,
    definitions: defs,
    deps: { cache: createMemoryCache(), artifacts, inference: createInferenceClient({ store: artifacts, executionProviders: ["cpu"] }) },
    retryBaseMs: 1,
    cron: false,
    pollMs: 60_000,
    ...extra,
  });
}

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

describe("embedded runner", () => {
  it("runs steps in order, persists them, and retries a flaky step", async () => {
    const r = runner();
    await r.start();
    const { runId } = await r.dispatch("test-pipeline", { failTimes: 2, tag: "a" });
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
    const { runId } = await r.dispatch("test-pipeline", { failTimes: 5, tag: "b" });
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
    const { runId } = await r.dispatch("test-pipeline", { permanent: true, tag: "c" });
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
    const ids = await Promise.all([1, 2, 3].map(() => r.dispatch("test-serial", {})));
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
      const { runId } = await r.dispatch("test-pipeline", { tag: "flaky-db" });
      expect(await r.waitFor(runId)).toBe("succeeded");
      expect(failSelects).toBe(0);
      expect(logged.some((l) => l.includes("could not start queued runs") && l.includes("Connection terminated"))).toBe(true);
      await r.stop();
    } finally {
      spy.mockRestore();
    }
  });
});
