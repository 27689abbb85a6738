/**
 * The job dispatch port: how server/ starts a job without knowing which runtime runs it. The runtime
 * (inngest/runtime.ts: Inngest, or the embedded runner) implements `Dispatch`; the app's edges provide it
 * (`provideJobRuntime`), so server/ never imports inngest/.
 */
export interface DispatchOptions {
  /** One run per (job, key): a second dispatch with the same key returns the first run. */
  dedupeKey?: string;
  trigger?: string;
  createdBy?: string | null;
  assetId?: string | null;
}

/** Starts a job by id (a job_runs row plus an event to the active backend). */
export type Dispatch = (jobId: string, payload: Record<string, unknown>, options?: DispatchOptions) => Promise<{ runId: string; created: boolean }>;

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
