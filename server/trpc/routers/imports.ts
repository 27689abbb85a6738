import { env } from "@/server/env";
import { importCsv } from "@/server/ingest/import-csv";
import { csvImportInputSchema, csvImportOutputSchema } from "@/server/ingest/schemas";
import { analystProcedure, router } from "../init";

/** The named input of imports.csv, bounded by the same byte limit as REST ingestion. */
export const csvImportInput = csvImportInputSchema(env.MAX_BODY_BYTES);

export const importsRouter = router({
  csv: analystProcedure
    .input(csvImportInput)
    .output(csvImportOutputSchema)
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
        ...(result.forecastRefreshes ? { forecastRefreshes: result.forecastRefreshes } : {}),
      };
    }),
});
