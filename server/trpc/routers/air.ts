import { createShareLink } from "@/server/air/create-share-link";
import { getCityAqi } from "@/server/air/get-city-aqi";
import { cityAqiInputSchema, cityAqiOutputSchema } from "@/server/air/schemas";
import { appShareTokenKey } from "@/server/air/share-key";
import { createShareLinkInputSchema, shareLinkOutputSchema } from "@/server/air/share-schemas";
import { router, viewerProcedure } from "../init";

export const airRouter = router({
  /** A city's AQI for a day (default the latest): US EPA or China HJ 633, sub-indices, primary pollutant, category and advice. */
  cityAqi: viewerProcedure
    .input(cityAqiInputSchema)
    .output(cityAqiOutputSchema)
    .query(({ ctx, input }) => getCityAqi(ctx.db, input)),
  /**
   * A public, signed, expiring link to the city's AQI card for a day (default the latest), in one standard
   * and language. Any signed-in user: the card shows only what the AQI card on the city page shows them.
   */
  createShareLink: viewerProcedure
    .input(createShareLinkInputSchema)
    .output(shareLinkOutputSchema)
    .mutation(({ ctx, input }) => createShareLink(ctx.db, appShareTokenKey(), input)),
});
