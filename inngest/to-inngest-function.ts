/**
 * Job definition → real Inngest function. Triggers, retries and concurrency come from the definition; the
 * handler gets step tools that delegate to Inngest's `step.run` / `step.sleep` and additionally mirror each
 * completed step, progress and logs into job_runs / job_steps / job_logs so the app's pages work the same
 * in both modes.
 */
import { NonRetriableError, StepError, type Inngest } from "inngest";
import { appendLog, createRun, findRunByExternalId, finishRun, markRunning, recordStepEnd, serializeError, updateProgress } from "@/server/jobs";
import { isPermanentError } from "@/server/jobs/permanent-error";
import { withRequestId } from "@/server/observability/request-context";
import { cronFiringHasWork, REQUEST_ID_FIELD, RUN_ID_FIELD, type AnyJobDefinition, type JobDeps, type JobStepTools } from "./define-job";

export function toInngestFunction(client: Inngest, def: AnyJobDefinition, resolveDeps: () => Promise<JobDeps>) {
  const triggers = def.cron ? [{ event: def.event }, { cron: def.cron }] : [{ event: def.event }];
  return client.createFunction(
    {
      id: def.id,
      name: def.name,
      retries: def.retries,
      triggers,
      ...(def.concurrency ? { concurrency: { limit: def.concurrency } } : {}),
      onFailure: async ({ event, error }) => {
        const failed = event.data as { event?: { data?: Record<string, unknown> }; run_id?: string };
        const original = { ...(failed.event?.data ?? {}) };
        const deps = await resolveDeps();
        let runId = typeof original[RUN_ID_FIELD] === "string" ? (original[RUN_ID_FIELD] as string) : undefined;
        if (!runId && failed.run_id) {
          runId = (await findRunByExternalId(deps.db, { externalRunId: failed.run_id }))?.id;
        }
        delete original[RUN_ID_FIELD];
        delete original[REQUEST_ID_FIELD];
        if (!runId) return;
        const serialized = serializeError(error);
        await finishRun(deps.db, { runId, status: "failed", error: serialized });
        await def.onFailure?.({ data: original, runId, deps, error: serialized });
      },
    },
    async ({ event, step, runId: inngestRunId }) => {
      const deps = await resolveDeps();
      const raw = { ...((event.data ?? {}) as Record<string, unknown>) };
      const fromCron = typeof event.name === "string" && event.name.startsWith("inngest/scheduled");
      let jobRunId = typeof raw[RUN_ID_FIELD] === "string" ? (raw[RUN_ID_FIELD] as string) : undefined;
      delete raw[RUN_ID_FIELD];
      const requestId = typeof raw[REQUEST_ID_FIELD] === "string" ? (raw[REQUEST_ID_FIELD] as string) : undefined;
      delete raw[REQUEST_ID_FIELD];
      if (fromCron && !jobRunId && def.hasScheduledWork) {
        // Memoised as a step: Inngest re-enters the function once per step, and the answer must not change
        // half-way through a run (its own pulls make the sources no longer due).
        const hasWork = await step.run("has-scheduled-work", () => cronFiringHasWork(def, deps, new Date()));
        if (!hasWork) return { skipped: "nothing scheduled to do" };
      }
      if (!jobRunId) {
        // Cron firings and events sent by other systems have no job_runs row yet: key one on Inngest's run id.
        const { run } = await createRun(deps.db, {
          jobId: def.id,
          payload: raw,
          mode: "inngest",
          trigger: fromCron ? "cron" : "event",
          externalRunId: inngestRunId,
        });
        jobRunId = run.id;
      }
      const parsed = def.payload.safeParse(fromCron ? {} : raw);
      if (!parsed.success) {
        const error = new NonRetriableError(`invalid payload for ${def.id}: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`);
        await finishRun(deps.db, { runId: jobRunId, status: "failed", error: serializeError(error) });
        throw error;
      }
      await markRunning(deps.db, { runId: jobRunId });
      const id = jobRunId;
      const tools: JobStepTools = {
        run: <T>(stepId: string, fn: () => Promise<T> | T) =>
          step.run(stepId, async () => {
            let output: T;
            try {
              output = await fn();
            } catch (err) {
              // Bad input does not get better by retrying: fail the step now (same rule as the embedded runner).
              if (isPermanentError(err)) throw new NonRetriableError(err.message, { cause: err });
              throw err;
            }
            await recordStepEnd(deps.db, { runId: id, stepId, attempt: 0, output: output ?? null });
            return output;
          }) as Promise<T>,
        sleep: (stepId, ms) => step.sleep(stepId, ms),
      };
      try {
        // Logs and sidecar calls made by the handler carry the dispatching request's id (else the run's).
        const result = await withRequestId(requestId ?? id, () => def.handler({
          event: { name: def.event, data: parsed.data },
          step: tools,
          runId: id,
          deps,
          progress: (update) => updateProgress(deps.db, id, update),
          log: (message, level) => appendLog(deps.db, { runId: id, message, level }),
        }));
        await finishRun(deps.db, { runId: id, status: "succeeded", result: result ?? null });
        return result;
      } catch (err) {
        // A StepError reaches the handler only once the step is out of retries: the run has failed.
        if (err instanceof StepError || err instanceof NonRetriableError) {
          const serialized = serializeError(err);
          await finishRun(deps.db, { runId: id, status: "failed", error: serialized });
          await def.onFailure?.({ data: parsed.data, runId: id, deps, error: serialized });
        }
        throw err;
      }
    },
  );
}
