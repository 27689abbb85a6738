/**
 * backfill: find the gaps in a source's series and refill them from the source in rate-limited chunks
 * (one step per chunk, a durable sleep between chunks so a slow or rate-limited feed is not hammered),
 * reporting progress per chunk. The source's cursor is left where it is: a backfill fills the past.
 */
import { NonRetriableError } from "inngest";
import { env } from "@/server/env";
import { findSeries } from "@/server/assets";
import { chunkGaps, findGaps, getSource, pullSource } from "@/server/ingest/feeds";
import { jobPayloadSchemas } from "@/server/jobs/catalogue";
import { defineJob } from "../define-job";

export const backfill = defineJob({
  id: "backfill",
  name: "Backfill gaps from a source",
  event: "almanac/backfill.requested",
  payload: jobPayloadSchemas.backfill,
  retries: 3,
  concurrency: 1,
  async handler({ event, step, deps, log, progress }) {
    const plan = await step.run("find-gaps", async () => {
      const source = await getSource(deps.db, event.data.sourceId);
      const s = await findSeries(deps.db, { assetId: source.assetId, metric: source.metric });
      if (!s) throw new NonRetriableError(`source ${source.name} has no series yet: run an ingest first`);
      const { stepMs, gaps } = await findGaps(deps.db, { seriesId: s.id });
      return { stepMs, gaps, chunks: chunkGaps(gaps, stepMs, event.data.chunkSteps) };
    });
    await log(`${plan.gaps.length} gaps, ${plan.gaps.reduce((a, g) => a + g.missing, 0)} missing points, ${plan.chunks.length} chunks`);
    let filled = 0;
    for (const [i, chunk] of plan.chunks.entries()) {
      if (i > 0 && event.data.delayMs > 0) await step.sleep(`rate-limit-${i}`, event.data.delayMs);
      const r = await step.run(`chunk-${i}`, async () => {
        const source = await getSource(deps.db, event.data.sourceId);
        return pullSource(deps.db, source, {
          fromMs: chunk.fromMs,
          toMs: chunk.toMs,
          advanceCursor: false,
          maxBytes: env.MAX_BODY_BYTES,
          allowHosts: deps.http?.allowHosts ?? env.DATA_URL_ALLOW_HOSTS,
          fetchImpl: deps.http?.fetchImpl,
          resolve: deps.http?.resolve,
        });
      });
      filled += r.inserted;
      await progress({ stage: "backfill", percent: ((i + 1) / plan.chunks.length) * 100 });
      await log(`chunk ${i + 1}/${plan.chunks.length} ${new Date(chunk.fromMs).toISOString()}: ${r.inserted} filled`);
    }
    return { gaps: plan.gaps.length, chunks: plan.chunks.length, filled };
  },
});
