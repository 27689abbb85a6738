/**
 * The embedded job runner: executes job definitions in-process when Inngest is not configured.
 *
 * - Runs are rows in job_runs (status queued → running → succeeded/failed). Each runner instance has an owner
 *   id and claims a run under a lease (server/jobs/leases.ts: one UPDATE, the row picked FOR UPDATE SKIP
 *   LOCKED), renews the leases of the runs it executes every leaseMs/3, and finishes a run only while it holds
 *   the lease, so instances sharing one database never execute the same run and never take over a live one.
 * - Steps go through createEmbeddedStepTools (memoised in job_steps, retried with backoff).
 * - Cron: every tick checks each scheduled job; a firing is deduplicated per minute by the
 *   (job_id, dedupe_key) unique index, so several app instances fire a schedule once.
 * - Restart / dead instance: a `running` run whose lease has expired (its instance stopped heartbeating) is
 *   claimed by whichever instance polls next, at start-up or on any tick, and resumes from its completed
 *   steps; after `maxRunAttempts` starts a run is failed cleanly instead of looping forever.
 * - Writing the outcome (finishRun) and the failure log line are retried with backoff and every failure is
 *   logged; if the outcome still cannot be written, the heartbeat stops and the lease lapses, so the run is
 *   resumed (its steps replay from job_steps) instead of staying `running`.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { jobRuns } from "@/db/schema";
import { appendLog, completedSteps, createRun, finishRun, serializeError, updateProgress } from "@/server/jobs";
import { claimLeasedRun, listClaimableRuns, renewLeases } from "@/server/jobs/leases";
import { typedDispatch, type DispatchById } from "@/server/jobs/dispatch";
import { withRequestId } from "@/server/observability/request-context";
import { cronFiringHasWork, type AnyJobDefinition, type Dispatch, type JobDeps } from "../define-job";
import { cronMatches, parseCron, type CronSchedule } from "../../server/jobs/cron";
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
  /** This instance's lease owner id; default a random UUID. */
  ownerId?: string;
  /** How long a claim or heartbeat holds a run (default 60 s); heartbeats every leaseMs/3. */
  leaseMs?: number;
  /** Attempts for writing a run's outcome or failure log line (default 5), waiting writeRetryBaseMs·2^n between. */
  writeAttempts?: number;
  writeRetryBaseMs?: number;
}

export class EmbeddedRunner {
  private readonly defs: Map<string, AnyJobDefinition>;
  private readonly schedules: { def: AnyJobDefinition; schedule: CronSchedule }[];
  private readonly active = new Map<string, number>();
  private readonly waiters = new Map<string, ((status: string) => void)[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  /** Runs this instance is executing, whose leases the heartbeat renews. */
  private readonly executing = new Set<string>();
  readonly ownerId: string;
  private readonly leaseMs: number;
  private lastCronMinute = -1;
  private pumping = false;
  private repump = false;
  private stopped = false;
  /** Starts a catalogued job (typed from server/jobs/catalogue.ts). */
  readonly dispatch: Dispatch;
  /** Starts any job this runner defines, by id (cron firings; jobs defined only in tests). */
  readonly dispatchById: DispatchById;

  constructor(private readonly opts: EmbeddedRunnerOptions) {
    this.defs = new Map(opts.definitions.map((d) => [d.id, d]));
    this.ownerId = opts.ownerId ?? randomUUID();
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.schedules = opts.definitions.filter((d) => d.cron).map((def) => ({ def, schedule: parseCron(def.cron!) }));
    this.dispatchById = async (jobId, payload, options = {}) => {
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
    this.dispatch = typedDispatch(this.dispatchById);
  }

  definition(jobId: string): AnyJobDefinition {
    const def = this.defs.get(jobId);
    if (!def) throw new Error(`unknown job "${jobId}"`);
    return def;
  }

  /**
   * Starts heartbeats and polling. The first poll resumes runs whose lease expired (their instance died) or
   * fails those out of attempts; runs another live instance holds are left alone.
   */
  async start(): Promise<void> {
    this.stopped = false;
    this.heartbeatTimer ??= setInterval(() => void this.heartbeat(), Math.max(1, Math.floor(this.leaseMs / 3)));
    this.heartbeatTimer.unref?.();
    const pollMs = this.opts.pollMs ?? 2000;
    this.timer = setInterval(() => void this.tick(), pollMs);
    this.timer.unref?.();
    await this.tick();
  }

  /** Stops polling and waits for runs in flight (their leases renewed meanwhile). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight]);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  /** Renews this instance's leases; a run no longer ours (taken over after a stall) is logged. */
  private async heartbeat(): Promise<void> {
    const runIds = [...this.executing];
    if (runIds.length === 0) return;
    try {
      const held = new Set(await renewLeases(this.opts.db, { owner: this.ownerId, leaseMs: this.leaseMs, runIds }));
      for (const id of runIds) {
        if (!held.has(id) && this.executing.has(id)) console.warn(`[jobs] lost the lease on run ${id}: another instance resumed it`);
      }
    } catch (err) {
      console.error("[jobs] lease heartbeat failed; retrying on the next beat:", (err as Error).message);
    }
  }

  /** Retries a bookkeeping write with backoff, logging each failure; rethrows the last one. */
  private async withRetries<T>(what: string, write: () => Promise<T>): Promise<T> {
    const attempts = this.opts.writeAttempts ?? 5;
    const base = this.opts.writeRetryBaseMs ?? 200;
    for (let n = 1; ; n++) {
      try {
        return await write();
      } catch (err) {
        console.error(`[jobs] ${what} failed (attempt ${n} of ${attempts}):`, (err as Error).message);
        if (n >= attempts) throw err;
        await new Promise((r) => setTimeout(r, base * 2 ** (n - 1)));
      }
    }
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
      await this.dispatchById(def.id, {}, { trigger: "cron", dedupeKey: `cron:${minuteIso}` });
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
        const candidates = await listClaimableRuns(this.opts.db, { jobIds: [...this.defs.keys()] });
        const maxAttempts = this.opts.maxRunAttempts ?? 3;
        for (const { id, jobId } of candidates) {
          if (this.stopped) break;
          const def = this.definition(jobId);
          const limit = def.concurrency ?? Number.POSITIVE_INFINITY;
          if ((this.active.get(jobId) ?? 0) >= limit) continue;
          const claimed = await claimLeasedRun(this.opts.db, { runId: id, owner: this.ownerId, leaseMs: this.leaseMs });
          if (!claimed) continue;
          const { run, resumed } = claimed;
          // A failed write below leaves the claim unexecuted: its lease lapses and a later poll claims it again.
          if (resumed && run.attempts > maxAttempts) {
            await finishRun(this.opts.db, {
              runId: run.id,
              status: "failed",
              error: { name: "InterruptedError", message: `interrupted ${run.attempts - 1} times (instance restarts or lost leases); giving up` },
              leaseOwner: this.ownerId,
            });
            continue;
          }
          if (resumed) {
            await appendLog(this.opts.db, {
              runId: run.id,
              message: "lease expired (process restarted or instance lost): resuming from completed steps",
              level: "warn",
            });
          }
          this.active.set(jobId, (this.active.get(jobId) ?? 0) + 1);
          this.executing.add(run.id);
          // The run's logs and sidecar calls carry the id of the request that started it (else the run's own id),
          // not that of whichever request happened to wake the pump.
          const p = withRequestId(run.requestId ?? run.id, () => this.execute(def, run.id, run.payload)).finally(() => {
            this.executing.delete(run.id);
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
    let status: "succeeded" | "failed" | "lost" | "unfinished" = "failed";
    let handlerDone = false;
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
      handlerDone = true;
      status = await this.finish(runId, { status: "succeeded", result: result ?? null });
    } catch (err) {
      if (handlerDone) {
        // The handler succeeded but its outcome could not be written: leave the run to its lease (below).
        status = "unfinished";
      } else {
        const stepId = err instanceof StepFailedError ? err.stepId : undefined;
        const cause = err instanceof StepFailedError ? err.cause : err;
        const serialized = serializeError(cause, stepId);
        status = await this.finish(runId, { status: "failed", error: serialized }).catch(() => "unfinished" as const);
        if (status === "failed") {
          await def.onFailure?.({ data: payload, runId, deps, error: serialized }).catch((e) => console.error(`[jobs] onFailure of ${def.id} failed`, e));
          const message = `failed${stepId ? ` in ${stepId}` : ""}: ${serializeError(cause).message}`;
          await this.withRetries(`writing the failure log of run ${runId}`, () => appendLog(db, { runId, message, level: "error" })).catch(
            () => undefined, // logged by withRetries; the run's outcome is already written
          );
        }
      }
      if (status === "unfinished") {
        console.error(
          `[jobs] run ${runId} could not be finished; its lease (${this.leaseMs} ms) lapses and the run is resumed from its completed steps`,
        );
      }
    } finally {
      // Waiters hear the outcome the database holds; a run left to its lease is resumed later (here or elsewhere).
      if (status === "succeeded" || status === "failed") {
        for (const w of this.waiters.get(runId) ?? []) w(status);
        this.waiters.delete(runId);
      }
    }
  }

  /**
   * Writes the outcome while this instance holds the lease, retrying transient failures. "lost": another
   * instance took the run over (this one stalled past its lease), which writes the outcome itself.
   */
  private async finish(
    runId: string,
    outcome: { status: "succeeded"; result: unknown } | { status: "failed"; error: ReturnType<typeof serializeError> },
  ): Promise<"succeeded" | "failed" | "lost"> {
    const written = await this.withRetries(`finishing run ${runId} as ${outcome.status}`, () =>
      finishRun(this.opts.db, { runId, ...outcome, leaseOwner: this.ownerId }),
    );
    if (!written) {
      console.warn(`[jobs] run ${runId} finished here after another instance took over its lease; its outcome stands`);
      return "lost";
    }
    return outcome.status;
  }
}
