import { getCityAqi } from "@/server/air/get-city-aqi";
import { cityAqiInputSchema, cityAqiOutputSchema } from "@/server/air/schemas";
import { router, viewerProcedure } from "../init";

export const airRouter = router({
  /** A city's AQI for a day (default the latest): US EPA or China HJ 633, sub-indices, primary pollutant, category and advice. */
  cityAqi: viewerProcedure
    .input(cityAqiInputSchema)
    .output(cityAqiOutputSchema)
    .query(({ ctx, input }) => getCityAqi(ctx.db, input)),
});
