import { monitorModels } from "@/server/monitoring/monitor-models";
import { monitorModelsInputSchema, monitorModelsOutputSchema } from "@/server/monitoring/schemas";
import { router, viewerProcedure } from "../init";

export const monitoringRouter = router({
  /** Every champion's realised accuracy and interval coverage next to its backtest promise. */
  models: viewerProcedure
    .input(monitorModelsInputSchema)
    .output(monitorModelsOutputSchema)
    .query(({ ctx, input }) => monitorModels(ctx.db, input)),
});
