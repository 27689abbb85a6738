import { acknowledgeAnomaly } from "@/server/anomalies/acknowledge-anomaly";
import { listAnomalies } from "@/server/anomalies/list-anomalies";
import { acknowledgeAnomalyInput, acknowledgeAnomalyOutput, listAnomaliesInput, listAnomaliesOutput } from "@/server/anomalies/schemas";
import { analystProcedure, router, viewerProcedure } from "../init";

export const anomaliesRouter = router({
  list: viewerProcedure
    .input(listAnomaliesInput)
    .output(listAnomaliesOutput)
    .query(({ ctx, input }) => listAnomalies(ctx.db, input)),
  acknowledge: analystProcedure
    .input(acknowledgeAnomalyInput)
    .output(acknowledgeAnomalyOutput)
    .mutation(({ ctx, input }) => acknowledgeAnomaly(ctx.db, { id: input.id, userId: ctx.user.id })),
});
