/**
 * The embedded job runner: executes job definitions in-process when Inngest is not configured.
 *
 * - Runs are rows in job_runs (status queued → running → succeeded/failed); a worker claims a queued row
 *   atomically, so two processes sharing one database never execute the same run.
 * - Steps go through createEmbeddedStepTools (memoised in job_steps, retried with backoff).
 * - Cron: every tick checks each scheduled job; a firing is deduplicated per minute by the
 *   (job_id, dedupe_key) unique index, so several app instances fire a schedule once.
 * - Restart: runs left `running` by a dead process are re-queued and resume from their completed steps;
 *   after `maxRunAttempts` starts a run is failed cleanly instead of looping forever.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import {
  appendLog,
  claimRun,
  completedSteps,
  createRun,
  finishRun,
  serializeError,
  updateProgress,
} from "@/server/jobs";
import { cronFiringHasWork, type AnyJobDefinition, type Dispatch, type JobDeps } from "../define-job";
import { cronMatches, parseCron, type CronSchedule } from "./cron";
import { createEmbeddedStepTools, StepFailedError } from "./step-tools";

export interface EmbeddedRunnerOptions {
  db: Db;
  definitions: AnyJobDefinition[];
  /** Everything but `dispatch` (the runner provides its own). */
  deps: Omit<JobDeps, "dispatch" | "db">;
  /** How often to look for queued runs and cron firings. */
  pollMs?: number;
  /** Retry n waits base·2^(n-1) ms. */
  retryBaseMs?: number;
  /** A run started this many times (restarts included) is failed instead of resumed. */
  maxRunAttempts?: number;
  /** Fire cron schedules (off in most tests). */
  cron?: boolean;
  now?: () => Date;
}

export class EmbeddedRunner {
  private readonly defs: Map<string, AnyJobDefinition>;
  private readonly schedules: { def: AnyJobDefinition; schedule: CronSchedule }[];
  private readonly active = new Map<string, number>();
  private readonly waiters = new Map<string, ((status: string) => void)[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastCronMinute = -1;
  private pumping = false;
  private repump = false;
  private stopped = false;
  readonly dispatch: Dispatch;

  constructor(private readonly opts: EmbeddedRunnerOptions) {
    this.defs = new Map(opts.definitions.map((d) => [d.id, d]));
    this.schedules = opts.definitions.filter((d) => d.cron).map((def) => ({ def, schedule: parseCron(def.cron!) }));
    this.dispatch = async (jobId, payload, options = {}) => {
      const def = this.definition(jobId);
      const parsed = def.payload.parse(payload);
      const { run, created } = await createRun(this.opts.db, {
        jobId,
        payload: parsed,
        mode: "embedded",
        trigger: options.trigger ?? "event",
        dedupeKey: options.dedupeKey,
        createdBy: options.createdBy,
        assetId: options.assetId,
      });
      if (created) void this.pump();
      return { runId: run.id, created };
    };
  }

  definition(jobId: string): AnyJobDefinition {
    const def = this.defs.get(jobId);
    if (!def) throw new Error(`unknown job "${jobId}"`);
    return def;
  }

  /** Re-queues interrupted runs (or fails those out of attempts), then starts polling. */
  async start(): Promise<void> {
    this.stopped = false;
    const interrupted = await this.opts.db
      .select()
      .from(jobRuns)
      .where(and(eq(jobRuns.mode, "embedded"), eq(jobRuns.status, "running")));
    const maxAttempts = this.opts.maxRunAttempts ?? 3;
    for (const run of interrupted) {
      if (run.attempts >= maxAttempts) {
        await finishRun(this.opts.db, {
          runId: run.id,
          status: "failed",
          error: { name: "InterruptedError", message: `interrupted ${run.attempts} times by restarts; giving up` },
        });
      } else {
        await this.opts.db.update(jobRuns).set({ status: "queued" }).where(eq(jobRuns.id, run.id));
        await appendLog(this.opts.db, { runId: run.id, message: "process restarted: resuming from completed steps", level: "warn" });
      }
    }
    const pollMs = this.opts.pollMs ?? 2000;
    this.timer = setInterval(() => void this.tick(), pollMs);
    this.timer.unref?.();
    await this.tick();
  }

  /** Stops polling and waits for runs in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Resolves with the final status of a run (tests, the CLI). */
  waitFor(runId: string, timeoutMs = 120_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`run ${runId} did not finish in ${timeoutMs} ms`)), timeoutMs);
      const done = (status: string) => {
        clearTimeout(timeout);
        resolve(status);
      };
      this.waiters.set(runId, [...(this.waiters.get(runId) ?? []), done]);
      this.opts.db
        .select({ status: jobRuns.status })
        .from(jobRuns)
        .where(eq(jobRuns.id, runId))
        .then(([row]) => {
          if (row && (row.status === "succeeded" || row.status === "failed" || row.status === "cancelled")) done(row.status);
        })
        .catch((err: unknown) => {
          clearTimeout(timeout);
          reject(err);
        });
    });
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.opts.cron !== false) await this.fireCron().catch((err) => console.error("[jobs] cron tick failed", err));
    await this.pump();
  }

  private async fireCron(): Promise<void> {
    const now = (this.opts.now ?? (() => new Date()))();
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute === this.lastCronMinute) return;
    this.lastCronMinute = minute;
    const minuteIso = new Date(minute * 60_000).toISOString();
    const deps: JobDeps = { ...this.opts.deps, db: this.opts.db, dispatch: this.dispatch };
    for (const { def, schedule } of this.schedules) {
      if (!cronMatches(schedule, now) || !(await cronFiringHasWork(def, deps, now))) continue;
      await this.dispatch(def.id, {}, { trigger: "cron", dedupeKey: `cron:${minuteIso}` });
    }
  }

  /**
   * Claims and starts queued runs up to each job's concurrency. Never rejects: it is called fire-and-forget
   * (after a dispatch, when a run ends, on every tick), so a database error here (Postgres restarting, a
   * dropped connection) is logged and the next tick tries again instead of crashing the server process.
   */
  async pump(): Promise<void> {
    try {
      await this.claimQueued();
    } catch (err) {
      console.error("[jobs] could not start queued runs; retrying on the next tick:", (err as Error).message);
    }
  }

  private async claimQueued(): Promise<void> {
    if (this.stopped) return;
    if (this.pumping) {
      this.repump = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.repump = false;
        const queued = await this.opts.db
          .select({ id: jobRuns.id, jobId: jobRuns.jobId })
          .from(jobRuns)
          .where(and(eq(jobRuns.mode, "embedded"), eq(jobRuns.status, "queued"), inArray(jobRuns.jobId, [...this.defs.keys()])))
          .orderBy(asc(jobRuns.createdAt))
          .limit(50);
        for (const { id, jobId } of queued) {
          const def = this.definition(jobId);
          const limit = def.concurrency ?? Number.POSITIVE_INFINITY;
          if ((this.active.get(jobId) ?? 0) >= limit) continue;
          const claimed = await claimRun(this.opts.db, { runId: id });
          if (!claimed) continue;
          this.active.set(jobId, (this.active.get(jobId) ?? 0) + 1);
          const p = this.execute(def, claimed.id, claimed.payload).finally(() => {
            this.active.set(jobId, (this.active.get(jobId) ?? 1) - 1);
            this.inFlight.delete(p);
            void this.pump();
          });
          this.inFlight.add(p);
        }
      } while (this.repump && !this.stopped);
    } finally {
      this.pumping = false;
    }
  }

  private async execute(def: AnyJobDefinition, runId: string, payload: Record<string, unknown>): Promise<void> {
    const db = this.opts.db;
    const deps: JobDeps = { ...this.opts.deps, db, dispatch: this.dispatch };
    const base = this.opts.retryBaseMs ?? 1000;
    let status: "succeeded" | "failed" = "failed";
    try {
      const memo = await completedSteps(db, { runId });
      const step = createEmbeddedStepTools({
        db,
        runId,
        retries: def.retries,
        memo,
        backoffMs: (n) => base * 2 ** (n - 1),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      });
      const data = def.payload.parse(payload);
      const result = await def.handler({
        event: { name: def.event, data },
        step,
        runId,
        deps,
        progress: (update) => updateProgress(db, runId, update),
        log: (message, level) => appendLog(db, { runId, message, level }),
      });
      await finishRun(db, { runId, status: "succeeded", result: result ?? null });
      status = "succeeded";
    } catch (err) {
      const stepId = err instanceof StepFailedError ? err.stepId : undefined;
      const cause = err instanceof StepFailedError ? err.cause : err;
      const serialized = serializeError(cause, stepId);
      await finishRun(db, { runId, status: "failed", error: serialized }).catch(() => undefined);
      await def.onFailure?.({ data: payload, runId, deps, error: serialized }).catch((e) => console.error(`[jobs] onFailure of ${def.id} failed`, e));
      await appendLog(db, { runId, message: `failed${stepId ? ` in ${stepId}` : ""}: ${serializeError(cause).message}`, level: "error" }).catch(
        () => undefined,
      );
    } finally {
      for (const w of this.waiters.get(runId) ?? []) w(status);
      this.waiters.delete(runId);
    }
  }
}
