/**
 * compute-drift: hourly, and after an ingest (debounced: server/monitoring/drift-after-ingest.ts), score every
 * champion's input drift (target and covariates), residual drift and staleness and store the scores
 * (server/monitoring/compute-drift.ts). `now` is taken once, in its own step: a retried scoring writes its rows
 * under the same `computedAt`, which the unique index makes idempotent.
 */
import { computeDrift } from "@/server/monitoring/compute-drift";
import { computeDriftPayloadSchema } from "@/server/monitoring/schemas";
import { defineJob } from "../define-job";

export const computeDriftJob = defineJob({
  id: "compute-drift",
  name: "Score model drift",
  event: "almanac/monitoring.drift",
  cron: "23 * * * *",
  payload: computeDriftPayloadSchema,
  retries: 2,
  concurrency: 1,
  async handler({ event, step, deps, log }) {
    const now = await step.run("now", () => event.data.now ?? new Date().toISOString());
    const result = await step.run("score", () =>
      computeDrift(deps.db, {
        modelIds: event.data.modelIds,
        seriesIds: event.data.seriesIds,
        now: new Date(now),
        residualFactor: event.data.residualFactor,
        staleIntervals: event.data.staleIntervals,
      }),
    );
    await log(`${result.scores} scores for ${result.versions} champion(s); ${result.drifting.length} drifting`);
    for (const d of result.drifting.slice(0, 20)) await log(`drift: model ${d.modelId} ${d.subject} ${d.statistic} = ${Number(d.value.toPrecision(4))}`);
    return result;
  },
});
