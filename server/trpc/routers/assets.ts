import { z } from "zod";
import { ASSET_KINDS } from "@/db/schema";
import { getAsset, getSeriesById, listAssetSummaries, listSeries, readObservations } from "@/server/assets";
import { lttb } from "@/ml/series/lttb";
import { router, viewerProcedure } from "../init";

export const assetKindSchema = z.enum(ASSET_KINDS);

export const assetSummarySchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  kind: assetKindSchema,
  timezone: z.string(),
  seriesCount: z.number().int(),
  points: z.number().int(),
  lastObservationAt: z.date().nullable(),
});

export const seriesSummarySchema = z.object({
  id: z.uuid(),
  assetId: z.uuid(),
  metric: z.string(),
  unit: z.string().nullable(),
  frequency: z.string().nullable(),
  source: z.string().nullable(),
  points: z.number().int(),
  firstTs: z.date().nullable(),
  lastTs: z.date().nullable(),
});

export const assetDetailSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  kind: assetKindSchema,
  timezone: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
  series: z.array(seriesSummarySchema),
});

export const assetRefInput = z.object({ idOrSlug: z.string().min(1).max(200) });
export const seriesOfAssetInput = z.object({ assetId: z.uuid() });

/** Charts never need more points than pixels; larger ranges are reduced with LTTB. */
export const MAX_CHART_POINTS = 2000;

export const observationsInput = z
  .object({
    seriesId: z.uuid(),
    from: z.date().optional(),
    to: z.date().optional(),
    maxPoints: z.number().int().min(3).max(20_000).default(MAX_CHART_POINTS),
  })
  .refine((r) => !r.from || !r.to || r.from < r.to, { message: "must be before `to`", path: ["from"] });

export const observationsOutput = z.object({
  seriesId: z.uuid(),
  /** Points in the range before downsampling. */
  totalPoints: z.number().int(),
  downsampled: z.boolean(),
  points: z.array(z.object({ ts: z.date(), value: z.number(), quality: z.number().int() })),
});

export const assetsRouter = router({
  list: viewerProcedure.output(z.array(assetSummarySchema)).query(({ ctx }) => listAssetSummaries(ctx.db)),

  get: viewerProcedure
    .input(assetRefInput)
    .output(assetDetailSchema)
    .query(async ({ ctx, input }) => {
      const asset = await getAsset(ctx.db, input);
      const series = await listSeries(ctx.db, { assetId: asset.id });
      return { ...asset, series };
    }),

  series: viewerProcedure
    .input(seriesOfAssetInput)
    .output(z.array(seriesSummarySchema))
    .query(({ ctx, input }) => listSeries(ctx.db, input)),

  observations: viewerProcedure
    .input(observationsInput)
    .output(observationsOutput)
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
