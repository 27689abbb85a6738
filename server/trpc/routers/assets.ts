/** Assets: the list, one asset with its series, and a series' observations for charts (viewer). */
import { chartObservations, compareAssets, getAsset, getSeriesById, listAssetSummaries, listSeries } from "@/server/assets";
import {
  assetDetailSchema,
  assetRefInputSchema,
  compareAssetsInputSchema,
  compareAssetsOutputSchema,
  listAssetSummariesOutputSchema,
  listSeriesOutputSchema,
  observationsInputSchema,
  observationsOutputSchema,
  seriesOfAssetInputSchema,
} from "@/server/assets/schemas";
import { router, viewerProcedure } from "../init";

export const assetsRouter = router({
  list: viewerProcedure.output(listAssetSummariesOutputSchema).query(({ ctx }) => listAssetSummaries(ctx.db)),

  get: viewerProcedure
    .input(assetRefInputSchema)
    .output(assetDetailSchema)
    .query(async ({ ctx, input }) => {
      const asset = await getAsset(ctx.db, input);
      const series = await listSeries(ctx.db, { assetId: asset.id });
      return { ...asset, series };
    }),

  series: viewerProcedure
    .input(seriesOfAssetInputSchema)
    .output(listSeriesOutputSchema)
    .query(({ ctx, input }) => listSeries(ctx.db, input)),

  observations: viewerProcedure
    .input(observationsInputSchema)
    .output(observationsOutputSchema)
    .query(async ({ ctx, input }) => {
      await getSeriesById(ctx.db, { seriesId: input.seriesId });
      const { points, totalPoints, downsampled } = await chartObservations(ctx.db, input);
      return { seriesId: input.seriesId, totalPoints, downsampled, points };
    }),

  compare: viewerProcedure
    .input(compareAssetsInputSchema)
    .output(compareAssetsOutputSchema)
    .query(({ ctx, input }) => compareAssets(ctx.db, input)),
});
