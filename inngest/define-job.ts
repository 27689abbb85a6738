/**
 * A job is defined once — stable id, trigger event, optional cron, zod payload, retry and concurrency
 * policy, and a handler written against a small step API — and executed by either backend:
 *   - Inngest (inngest/to-inngest-function.ts wraps it in `inngest.createFunction`), or
 *   - the embedded runner (inngest/embedded/runner.ts), which persists every run and step in Postgres.
 * The handler never knows which one runs it; that is what keeps the two modes one codebase.
 */
import type { z } from "zod";
import type { Db } from "@/db/client";
import type { LossPoint } from "@/db/schema";
import type { ArtifactStore } from "@/server/serving/artifacts";
import type { Cache } from "@/server/cache";
import type { InferenceClient } from "@/server/serving/inference";

export interface JobStepTools {
  /**
   * Runs `fn` once per run: its (JSON) result is memoised, so a retried or resumed run skips completed
   * steps. A thrown error retries the step up to the job's `retries`; NonRetriableError fails it at once.
   */
  run<T>(id: string, fn: () => Promise<T> | T): Promise<T>;
  /** Durable pause (rate limiting between chunks). */
  sleep(id: string, ms: number): Promise<void>;
}

import type { Dispatch } from "@/server/jobs/dispatch";
export type { Dispatch, DispatchById, DispatchOptions } from "@/server/jobs/dispatch";

/** What handlers may use besides their payload; injected so tests run jobs against a test database. */
export interface JobDeps {
  db: Db;
  cache: Cache;
  dispatch: Dispatch;
  artifacts: ArtifactStore;
  inference: InferenceClient;
  /** Outbound HTTP for source feeds; tests point it at a local server. Default: global fetch + DNS. */
  http?: { fetchImpl?: typeof fetch; resolve?: (host: string) => Promise<string[]>; allowHosts?: string[] };
}

export interface JobProgress {
  stage?: string;
  percent?: number;
  loss?: LossPoint[];
}

export interface JobContext<P> {
  event: { name: string; data: P };
  step: JobStepTools;
  /** The job_runs id of this run. */
  runId: string;
  deps: JobDeps;
  /** Persists stage / percent / loss points for the live job page. Not memoised: call it from inside steps. */
  progress(update: JobProgress): Promise<void>;
  log(message: string, level?: "debug" | "info" | "warn" | "error"): Promise<void>;
}

export interface JobDefinition<P extends Record<string, unknown> = Record<string, unknown>, R = unknown> {
  /** Stable id: the Inngest function id and job_runs.job_id. Never rename. */
  id: string;
  name: string;
  /** Event that starts a run, e.g. `almanac/train-model.requested`. */
  event: string;
  /** 5-field cron (UTC) that also starts runs, when the job is scheduled. */
  cron?: string;
  payload: z.ZodType<P>;
  /** Retries per step after the first attempt (Inngest semantics; 0–20). */
  retries: 0 | 1 | 2 | 3 | 4 | 5;
  /** Most runs of this job executing at once (training is CPU-bound: keep it low). */
  concurrency?: number;
  handler(ctx: JobContext<P>): Promise<R>;
  /**
   * Cron firings only: whether this tick has anything to do. When it resolves false the firing is dropped
   * before a job_runs row is written, so a frequent schedule with nothing due leaves no empty runs on the
   * jobs page. Events never consult it. Runs on every tick, so keep it cheap. Both executors call it
   * through `cronFiringHasWork`.
   */
  hasScheduledWork?(deps: JobDeps, now: Date): Promise<boolean>;
  /**
   * Clean-up once a run has failed for good (out of retries, or a permanent error). Both executors call it:
   * the embedded runner after the run fails, Inngest through the function's `onFailure`.
   */
  onFailure?(ctx: { data: Record<string, unknown>; runId: string; deps: JobDeps; error: { name: string; message: string } }): Promise<void>;
}

export function defineJob<P extends Record<string, unknown>, R>(def: JobDefinition<P, R>): JobDefinition<P, R> {
  if (!/^[a-z][a-z0-9-]*$/.test(def.id)) throw new Error(`job id "${def.id}" must be kebab-case`);
  return def;
}

/**
 * Whether a cron firing of `def` should become a run. A guard that throws counts as "yes": the run then
 * hits the same error in its handler and records it where the jobs page shows it.
 */
export async function cronFiringHasWork(def: AnyJobDefinition, deps: JobDeps, now: Date): Promise<boolean> {
  if (!def.hasScheduledWork) return true;
  try {
    return await def.hasScheduledWork(deps, now);
  } catch (err) {
    console.error(`[jobs] ${def.id}: scheduled-work check failed; running the job to record the error`, err);
    return true;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJobDefinition = JobDefinition<any, unknown>;

/** Run-tracking fields the dispatcher adds to event data; not part of any job's payload. */
export const RUN_ID_FIELD = "jobRunId";
/** Event field carrying the X-Request-Id of the request that dispatched the run (stripped like RUN_ID_FIELD). */
export const REQUEST_ID_FIELD = "almanacRequestId";
