/** Assets: the list, one asset with its series, and a series' observations for charts (viewer). */
import { getAsset, getSeriesById, listAssetSummaries, listSeries, readObservations } from "@/server/assets";
import {
  assetDetailSchema,
  assetRefInputSchema,
  listAssetSummariesOutputSchema,
  listSeriesOutputSchema,
  observationsInputSchema,
  observationsOutputSchema,
  seriesOfAssetInputSchema,
} from "@/server/assets/schemas";
import { lttb } from "@/ml/series/lttb";
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
      const rows = await readObservations(ctx.db, { seriesId: input.seriesId, from: input.from, to: input.to });
      const reduced =
        rows.length > input.maxPoints
          ? lttb(
              rows.map((r) => ({ x: r.ts.getTime(), y: r.value, r })),
              input.maxPoints,
            ).map((p) => p.r)
          : rows;
      return { seriesId: input.seriesId, totalPoints: rows.length, downsampled: reduced.length < rows.length, points: reduced };
    }),
});
