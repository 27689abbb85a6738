import { listDriftScores } from "@/server/monitoring/list-drift-scores";
import { monitorModels } from "@/server/monitoring/monitor-models";
import { driftScoresInputSchema, driftScoresOutputSchema, monitorModelsInputSchema, monitorModelsOutputSchema } from "@/server/monitoring/schemas";
import { router, viewerProcedure } from "../init";

export const monitoringRouter = router({
  /** Every champion's realised accuracy and interval coverage next to its backtest promise. */
  models: viewerProcedure
    .input(monitorModelsInputSchema)
    .output(monitorModelsOutputSchema)
    .query(({ ctx, input }) => monitorModels(ctx.db, input)),

  /** A model's (or version's) stored drift scores over the last `days`, oldest first, for the charts. */
  driftScores: viewerProcedure
    .input(driftScoresInputSchema)
    .output(driftScoresOutputSchema)
    .query(({ ctx, input }) => listDriftScores(ctx.db, input)),
});
