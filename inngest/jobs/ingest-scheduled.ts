/**
 * ingest-scheduled: every 5 minutes, pull each configured source whose own cron is due (or the one source
 * named in the event), incrementally from its stored cursor through the shared ingest path. New rows trigger
 * a forecast refresh and a retrain check for the asset. A tick with no source due records no run at all
 * (`hasScheduledWork`), so the jobs page is not flooded with empty runs every 5 minutes; an event naming a
 * source is always recorded.
 */
import { env } from "@/server/env";
import { dueSources, getSource, hasDueSources, pullSource } from "@/server/ingest/feeds";
import { jobPayloadSchemas } from "@/server/jobs/catalogue";
import { listAssetModels } from "@/server/registry";
import { defineJob } from "../define-job";

export const ingestScheduled = defineJob({
  id: "ingest-scheduled",
  name: "Ingest from configured sources",
  event: "almanac/ingest.pull",
  cron: "*/5 * * * *",
  payload: jobPayloadSchemas["ingest-scheduled"],
  retries: 3,
  concurrency: 1,
  hasScheduledWork: (deps, now) => hasDueSources(deps.db, now),
  async handler({ event, step, deps, log, progress }) {
    const sources = await step.run("due-sources", async () =>
      (event.data.sourceId ? [await getSource(deps.db, event.data.sourceId)] : await dueSources(deps.db, new Date())).map((s) => ({
        id: s.id,
        name: s.name,
        assetId: s.assetId,
        metric: s.metric,
      })),
    );
    const results = [];
    for (const [i, s] of sources.entries()) {
      const r = await step.run(`pull-${s.id}`, async () => {
        const source = await getSource(deps.db, s.id);
        return pullSource(deps.db, source, {
          maxBytes: env.MAX_BODY_BYTES,
          allowHosts: deps.http?.allowHosts ?? env.DATA_URL_ALLOW_HOSTS,
          fetchImpl: deps.http?.fetchImpl,
          resolve: deps.http?.resolve,
        });
      });
      await log(`${s.name}: fetched ${r.fetched}, new ${r.inserted}, cursor ${r.cursor ?? "-"}`);
      await progress({ stage: "pull", percent: ((i + 1) / sources.length) * 100 });
      if (r.inserted > 0) {
        await step.run(`after-${s.id}`, async () => {
          const affected = await listAssetModels(deps.db, { assetId: s.assetId, metric: s.metric });
          for (const m of affected) await deps.dispatch("refresh-forecasts", { modelId: m.id }, { dedupeKey: `ingest:${m.id}:${r.cursor}` });
          await deps.dispatch("retrain-scheduled", { assetId: s.assetId }, { dedupeKey: `ingest:${s.assetId}:${r.cursor}` });
        });
      }
      results.push({ sourceId: s.id, ...r });
    }
    return { sources: results };
  },
});
