import { z } from "zod";
import { ASSET_KINDS } from "@/db/schema";
import { slugSchema, timeZoneSchema } from "@/server/assets/schemas";
import { env } from "@/server/env";
import { importCsv } from "@/server/ingest/import-csv";
import { csvImportOptionsSchema } from "@/server/ingest/schemas";
import { analystProcedure, router } from "../init";

export const csvImportInput = z.object({
  /** Slug of the asset the file belongs to. A UUID-shaped slug would be looked up as an asset id, never found. */
  assetSlug: slugSchema,
  /** Set to create the asset when no asset has this slug yet. */
  newAsset: z
    .object({ name: z.string().trim().min(1).max(200), kind: z.enum(ASSET_KINDS), timezone: timeZoneSchema.default("UTC") })
    .optional(),
  /** The file's text. Uploads go through JSON, so the same byte limit as REST ingestion applies. */
  csv: z
    .string()
    .min(1, "The file is empty")
    .refine((s) => Buffer.byteLength(s) <= env.MAX_BODY_BYTES, `The file is larger than ${env.MAX_BODY_BYTES} bytes`),
  options: csvImportOptionsSchema.omit({ source: true }).partial().optional(),
});

export const csvImportOutput = z.object({
  runId: z.uuid(),
  assetSlug: z.string(),
  rowsRead: z.number().int(),
  rowsAccepted: z.number().int(),
  rowsInserted: z.number().int(),
  rowsUpdated: z.number().int(),
  rowsUnchanged: z.number().int(),
  cellsMissing: z.number().int(),
  series: z.array(z.object({ metric: z.string(), seriesId: z.uuid() })),
});

export const importsRouter = router({
  csv: analystProcedure
    .input(csvImportInput)
    .output(csvImportOutput)
    .mutation(async ({ ctx, input }) => {
      // A new asset is created inside the import's transaction: a refused file leaves none behind.
      const result = await importCsv(ctx.db, { asset: input.assetSlug, newAsset: input.newAsset, input: input.csv, options: { ...input.options, source: "csv-ui" } });
      return {
        runId: result.runId,
        assetSlug: input.assetSlug,
        rowsRead: result.rowsRead,
        rowsAccepted: result.rowsAccepted,
        rowsInserted: result.rowsInserted,
        rowsUpdated: result.rowsUpdated,
        rowsUnchanged: result.rowsUnchanged,
        cellsMissing: result.cellsMissing,
        series: result.series,
      };
    }),
});
