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
import { checkTrainability } from "@/server/training/check-trainability";
import { trainabilityInputSchema, trainabilityOutputSchema } from "@/server/training/schemas";
import { getAsset } from "@/server/assets";
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

  /** Whether the metric can be trained with these options, and why not (asked by the training form). */
  trainability: viewerProcedure
    .input(trainabilityInputSchema)
    .output(trainabilityOutputSchema)
    .query(async ({ ctx, input }) => {
      const asset = await getAsset(ctx.db, { idOrSlug: input.asset });
      return checkTrainability(ctx.db, { assetId: asset.id, metric: input.metric, options: input.options });
    }),

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
