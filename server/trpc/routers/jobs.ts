/** Jobs: list and inspect runs (viewer), start a training job (analyst). Thin: the work is in server/. */
import { z } from "zod";
import { eq, inArray } from "drizzle-orm";
import { assets, JOB_RUN_STATUSES } from "@/db/schema";
import { env } from "@/server/env";
import { getRun, listRuns, listSteps, logTail } from "@/server/jobs";
import { jobRuntime } from "@/server/jobs/dispatch";
import { trainOptionsSchema } from "@/server/training/options";
import { startTraining } from "@/server/training/start-training";
import { analystProcedure, router, viewerProcedure } from "../init";

async function dispatcher() {
  return (await jobRuntime()).dispatch;
}

export const jobsRouter = router({
  list: viewerProcedure
    .input(
      z
        .object({
          jobId: z.string().max(64).optional(),
          assetId: z.uuid().optional(),
          status: z.array(z.enum(JOB_RUN_STATUSES)).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const runs = await listRuns(ctx.db, input);
      const ids = [...new Set(runs.map((r) => r.assetId).filter((x): x is string => Boolean(x)))];
      const slugs = ids.length ? await ctx.db.select({ id: assets.id, slug: assets.slug }).from(assets).where(inArray(assets.id, ids)) : [];
      const slugOf = new Map(slugs.map((a) => [a.id, a.slug]));
      return runs.map((r) => ({
        id: r.id,
        jobId: r.jobId,
        status: r.status,
        stage: r.stage,
        percent: r.percent,
        trigger: r.trigger,
        mode: r.mode,
        assetSlug: r.assetId ? (slugOf.get(r.assetId) ?? null) : null,
        metric: (r.payload as { metric?: string }).metric ?? null,
        error: r.error,
        createdAt: r.createdAt,
        finishedAt: r.finishedAt,
      }));
    }),

  get: viewerProcedure.input(z.object({ runId: z.uuid() })).query(async ({ ctx, input }) => {
    const run = await getRun(ctx.db, input);
    const [steps, log] = await Promise.all([listSteps(ctx.db, input), logTail(ctx.db, { runId: input.runId, limit: 100 })]);
    const [asset] = run.assetId ? await ctx.db.select({ slug: assets.slug }).from(assets).where(eq(assets.id, run.assetId)) : [];
    return {
      ...run,
      assetSlug: asset?.slug ?? null,
      steps: steps.map((s) => ({ stepId: s.stepId, status: s.status, attempt: s.attempt, startedAt: s.startedAt, finishedAt: s.finishedAt, error: s.error })),
      log: log.map((l) => ({ id: l.id, at: l.at, level: l.level, message: l.message })),
    };
  }),

  startTraining: analystProcedure
    .input(z.object({ asset: z.string().min(1).max(200), metric: z.string().max(64).optional(), options: trainOptionsSchema.partial().optional() }))
    .mutation(async ({ ctx, input }) => {
      return startTraining(
        { db: ctx.db, dispatch: await dispatcher() },
        {
          asset: input.asset,
          metric: input.metric,
          options: input.options,
          actor: { userId: ctx.user.id },
          trigger: "ui",
          download: { maxBytes: env.MAX_BODY_BYTES, allowHosts: env.DATA_URL_ALLOW_HOSTS },
        },
      );
    }),
});
