/**
 * Step tools for the embedded runner with Inngest's semantics, persisted in job_steps:
 *   - a completed step's JSON output is memoised, so a resumed run returns it without running the step;
 *   - a failing step is retried `retries` times with exponential backoff, then the run fails;
 *   - NonRetriableError fails at once; repeated ids in one run get `:1`, `:2` suffixes (as Inngest does).
 */
import { NonRetriableError } from "inngest";
import type { Db } from "@/db/client";
import { recordStepEnd, recordStepStart, serializeError } from "@/server/jobs";
import type { JobStepTools } from "../define-job";
import { isPermanentError } from "../../server/jobs/permanent-error";

export interface EmbeddedStepOptions {
  db: Db;
  runId: string;
  retries: number;
  memo: Map<string, unknown>;
  /** Delay before retry n (1-based) in ms; tests pass ~0. */
  backoffMs: (retry: number) => number;
  sleep: (ms: number) => Promise<void>;
}

/** Thrown out of the handler when a step has exhausted its retries; carries the step id. */
export class StepFailedError extends Error {
  constructor(
    readonly stepId: string,
    readonly cause: unknown,
  ) {
    super(`step "${stepId}" failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "StepFailedError";
  }
}

export function createEmbeddedStepTools(opts: EmbeddedStepOptions): JobStepTools & { executed: string[] } {
  const seen = new Map<string, number>();
  const executed: string[] = [];
  const uniqueId = (id: string) => {
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return n === 0 ? id : `${id}:${n}`;
  };

  async function run<T>(rawId: string, fn: () => Promise<T> | T): Promise<T> {
    const stepId = uniqueId(rawId);
    if (opts.memo.has(stepId)) return opts.memo.get(stepId) as T;
    for (let attempt = 0; ; attempt++) {
      await recordStepStart(opts.db, { runId: opts.runId, stepId, attempt });
      try {
        const value = await fn();
        // Same contract as Inngest: step results are JSON (Dates become strings, undefined becomes null).
        const output = value === undefined ? null : JSON.parse(JSON.stringify(value));
        await recordStepEnd(opts.db, { runId: opts.runId, stepId, attempt, output });
        opts.memo.set(stepId, output);
        executed.push(stepId);
        return output as T;
      } catch (err) {
        await recordStepEnd(opts.db, { runId: opts.runId, stepId, attempt, error: serializeError(err) });
        if (err instanceof NonRetriableError || isPermanentError(err) || attempt >= opts.retries) throw new StepFailedError(stepId, err);
        await opts.sleep(opts.backoffMs(attempt + 1));
      }
    }
  }

  return {
    run,
    executed,
    async sleep(rawId, ms) {
      await run(rawId, async () => {
        await opts.sleep(ms);
        return null;
      });
    },
  };
}
