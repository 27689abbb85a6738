/**
 * The job dispatch port: how server/ starts a job without knowing which runtime runs it. The runtime
 * (inngest/runtime.ts: Inngest, or the embedded runner) implements it; the app's edges provide it
 * (`provideJobRuntime`), so server/ never imports inngest/.
 *
 * `Dispatch` is typed from the job catalogue (./catalogue.ts): the job name picks the payload type, so a
 * wrong or missing field is a compile error, not a zod error at run time.
 */
import type { JobName, JobPayload } from "./catalogue";

export interface DispatchOptions {
  /** One run per (job, key): a second dispatch with the same key returns the first run. */
  dedupeKey?: string;
  trigger?: string;
  createdBy?: string | null;
  assetId?: string | null;
}

export interface Dispatched {
  runId: string;
  /** False when an earlier run with the same dedupe key was returned instead. */
  created: boolean;
}

/** Starts a catalogued job (a job_runs row plus an event to the active backend). */
export type Dispatch = <J extends JobName>(job: J, payload: JobPayload<J>, options?: DispatchOptions) => Promise<Dispatched>;

/**
 * The executors' untyped entry: any defined job by id (cron firings, jobs defined only in tests). The payload
 * is parsed with the job's schema before anything is written.
 */
export type DispatchById = (jobId: string, payload: Record<string, unknown>, options?: DispatchOptions) => Promise<Dispatched>;

/** The typed port over an executor's untyped entry (each catalogued payload is a JSON object). */
export function typedDispatch(byId: DispatchById): Dispatch {
  return (job, payload, options) => byId(job, payload as Record<string, unknown>, options);
}

/** What server/ needs of the job runtime. */
export interface JobRuntimePort {
  dispatch: Dispatch;
}

const holder = globalThis as typeof globalThis & { almanacJobRuntimeProvider?: () => Promise<JobRuntimePort> };

/** Called by the app's edges (route modules, instrumentation) with the runtime that runs jobs here. */
export function provideJobRuntime(provider: () => Promise<JobRuntimePort>): void {
  holder.almanacJobRuntimeProvider = provider;
}

/** The job runtime the app provided; a clear error where none was (a server-side caller outside the app). */
export async function jobRuntime(): Promise<JobRuntimePort> {
  const provider = holder.almanacJobRuntimeProvider;
  if (!provider) throw new Error("no job runtime provided: call provideJobRuntime() (inngest/runtime.ts) at start-up");
  return provider();
}
