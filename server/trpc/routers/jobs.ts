/** Jobs: list and inspect runs (viewer), start a training job (analyst). Thin: the work is in server/. */
import { env } from "@/server/env";
import { getJobRunView, listJobRunSummaries } from "@/server/jobs";
import { jobRuntime } from "@/server/jobs/dispatch";
import {
  getJobRunInputSchema,
  jobRunViewSchema,
  listJobRunsInputSchema,
  listJobRunsOutputSchema,
  startedTrainingSchema,
  startTrainingInputSchema,
} from "@/server/jobs/schemas";
import { startTraining } from "@/server/training/start-training";
import { analystProcedure, router, viewerProcedure } from "../init";

export const jobsRouter = router({
  list: viewerProcedure
    .input(listJobRunsInputSchema)
    .output(listJobRunsOutputSchema)
    .query(({ ctx, input }) => listJobRunSummaries(ctx.db, input)),

  get: viewerProcedure
    .input(getJobRunInputSchema)
    .output(jobRunViewSchema)
    .query(({ ctx, input }) => getJobRunView(ctx.db, { runId: input.runId, logLines: 100 })),

  startTraining: analystProcedure
    .input(startTrainingInputSchema)
    .output(startedTrainingSchema)
    .mutation(async ({ ctx, input }) =>
      startTraining(
        { db: ctx.db, dispatch: (await jobRuntime()).dispatch },
        {
          asset: input.asset,
          metric: input.metric,
          options: input.options,
          actor: { userId: ctx.user.id },
          trigger: "ui",
          download: { maxBytes: env.MAX_BODY_BYTES, allowHosts: env.DATA_URL_ALLOW_HOSTS },
        },
      ),
    ),
});
