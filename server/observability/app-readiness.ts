/**
 * The app's readiness probes: the database answers, the cache round-trips a value, the job queue is being
 * worked (no run queued for longer than STALLED_QUEUE_S), and, where configured, the inference sidecar's
 * /healthz answers (optional: without it forecasts are computed in-process).
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { Cache } from "@/server/cache";
import { jobQueueHealth } from "@/server/jobs/queue-health";
import { checkReadiness, type Probe, type Readiness } from "./readiness";

export const STALLED_QUEUE_S = 300;

export interface ReadinessDeps {
  db: Db;
  cache: Cache;
  /** Sidecar base URL (INFERENCE_URL), if any. */
  sidecarUrl?: string;
  fetchImpl?: typeof fetch;
}

export function appProbes(deps: ReadinessDeps): Probe[] {
  const probes: Probe[] = [
    {
      name: "database",
      check: async () => {
        await deps.db.execute(sql`select 1`);
        return "select 1";
      },
    },
    {
      name: "cache",
      check: async () => {
        // The cache is fail-soft (a Redis outage reads as misses), so a value must come back to count as healthy.
        const key = `ready:${randomUUID()}`;
        await deps.cache.set(key, "1", 10);
        const back = await deps.cache.get(key);
        await deps.cache.del(key);
        if (back !== "1") throw new Error(`${deps.cache.backend} did not return the value just written`);
        return deps.cache.backend;
      },
    },
    {
      name: "jobs",
      check: async () => {
        const q = await jobQueueHealth(deps.db);
        if (q.oldestQueuedAgeS !== null && q.oldestQueuedAgeS > STALLED_QUEUE_S) throw new Error(`${q.queued} queued, the oldest for ${q.oldestQueuedAgeS} s: the job runner is not picking up work`);
        return `${q.queued} queued`;
      },
    },
  ];
  if (deps.sidecarUrl) {
    const url = new URL("/healthz", deps.sidecarUrl).toString();
    probes.push({
      name: "sidecar",
      optional: true,
      check: async () => {
        const res = await (deps.fetchImpl ?? fetch)(url, { signal: AbortSignal.timeout(1_500) });
        if (!res.ok) throw new Error(`/healthz answered ${res.status}`);
        return "healthz ok";
      },
    });
  }
  return probes;
}

export function appReadiness(deps: ReadinessDeps): Promise<Readiness> {
  return checkReadiness(appProbes(deps));
}
