/**
 * The process's job runtime: Inngest when configured (events go to Inngest, which calls back /api/inngest),
 * otherwise the embedded runner over the same job definitions. `dispatch` is the one way the app starts a
 * job in either mode.
 */
import { provideJobRuntime, typedDispatch, type DispatchById } from "@/server/jobs/dispatch";
import { createRun } from "@/server/jobs";
import { inngest, isInngestEnabled } from "./client";
import { RUN_ID_FIELD, REQUEST_ID_FIELD, type AnyJobDefinition, type Dispatch, type JobDeps } from "./define-job";
import { baseJobDeps } from "./deps";
import { EmbeddedRunner } from "./embedded/runner";
import { allJobs } from "./jobs";

export interface JobRuntime {
  mode: "embedded" | "inngest";
  deps: JobDeps;
  dispatch: Dispatch;
  runner: EmbeddedRunner | null;
}

/** Dispatch through Inngest: record the run, then send its event carrying the run id. */
export function inngestDispatch(db: JobDeps["db"], definitions: AnyJobDefinition[], send: (e: { name: string; data: Record<string, unknown> }) => Promise<unknown>): Dispatch {
  const byId = new Map(definitions.map((d) => [d.id, d]));
  const dispatchById: DispatchById = async (jobId, payload, options = {}) => {
    const def = byId.get(jobId);
    if (!def) throw new Error(`unknown job "${jobId}"`);
    const data = def.payload.parse(payload) as Record<string, unknown>;
    const { run, created } = await createRun(db, {
      jobId,
      payload: data,
      mode: "inngest",
      trigger: options.trigger ?? "event",
      dedupeKey: options.dedupeKey,
      createdBy: options.createdBy,
      assetId: options.assetId,
    });
    if (created) await send({ name: def.event, data: { ...data, [RUN_ID_FIELD]: run.id, ...(run.requestId ? { [REQUEST_ID_FIELD]: run.requestId } : {}) } });
    return { runId: run.id, created };
  };
  return typedDispatch(dispatchById);
}

const g = globalThis as unknown as { almanacJobRuntime?: Promise<JobRuntime> };

export function getJobRuntime(): Promise<JobRuntime> {
  g.almanacJobRuntime ??= (async () => {
    const base = await baseJobDeps();
    if (isInngestEnabled()) {
      const dispatch = inngestDispatch(base.db, allJobs, (e) => inngest.send(e));
      return { mode: "inngest", deps: { ...base, dispatch }, dispatch, runner: null } satisfies JobRuntime;
    }
    const runner = new EmbeddedRunner({ db: base.db, definitions: allJobs, deps: { cache: base.cache, artifacts: base.artifacts, inference: base.inference } });
    return { mode: "embedded", deps: { ...base, dispatch: runner.dispatch }, dispatch: runner.dispatch, runner } satisfies JobRuntime;
  })();
  return g.almanacJobRuntime;
}

// server/ starts jobs through its dispatch port; this module is the runtime behind it.
provideJobRuntime(getJobRuntime);

/** Start-up hook (instrumentation.ts): starts the embedded runner (cron + resume) when Inngest is not configured. */
export async function startJobs(): Promise<void> {
  const runtime = await getJobRuntime();
  if (runtime.runner) await runtime.runner.start();
}
