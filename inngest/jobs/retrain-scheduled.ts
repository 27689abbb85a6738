/**
 * retrain-scheduled: nightly, and on `almanac/retrain.check` (sent after an ingest brought new data), start
 * train-model for every model the retrain policy picks (new data or drift). One run per model per day:
 * the dispatch dedupe key stops a burst of checks from queueing the same training twice.
 */
import { findModelsToRetrain } from "@/server/training/retrain-policy";
import { jobPayloadSchemas } from "@/server/jobs/catalogue";
import { defineJob } from "../define-job";

export const retrainScheduled = defineJob({
  id: "retrain-scheduled",
  name: "Retrain on schedule, new data or drift",
  event: "almanac/retrain.check",
  cron: "0 2 * * *",
  payload: jobPayloadSchemas["retrain-scheduled"],
  retries: 2,
  concurrency: 1,
  async handler({ event, step, deps, log }) {
    const decisions = await step.run("find-models", () =>
      findModelsToRetrain(deps.db, { assetId: event.data.assetId, policy: { minNewPoints: event.data.minNewPoints, driftFactor: event.data.driftFactor } }),
    );
    const day = new Date().toISOString().slice(0, 10);
    const started: { modelId: string; runId: string; reason: string }[] = [];
    for (const d of decisions) {
      const r = await step.run(`train-${d.modelId}`, () =>
        deps.dispatch(
          "train-model",
          { assetId: d.assetId, metric: d.metric, ...(event.data.trainOptions ? { options: event.data.trainOptions } : {}) },
          { dedupeKey: `retrain:${d.modelId}:${d.reason}:${day}`, trigger: d.reason, assetId: d.assetId },
        ),
      );
      await log(`${d.metric} (${d.reason}): ${d.detail} → run ${r.runId}${r.created ? "" : " (already started today)"}`);
      started.push({ modelId: d.modelId, runId: r.runId, reason: d.reason });
    }
    return { checked: decisions.length, started };
  },
});
