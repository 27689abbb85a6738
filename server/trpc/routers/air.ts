import { createShareLink } from "@/server/air/create-share-link";
import { getCityAqi } from "@/server/air/get-city-aqi";
import { getCityOutlook } from "@/server/air/get-city-outlook";
import { cityAqiInputSchema, cityAqiOutputSchema, cityOutlookInputSchema, cityOutlookOutputSchema } from "@/server/air/schemas";
import { getCache } from "@/server/cache";
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
   * A city's AQI outlook for the next days (default 7) from its served pollutant forecasts: per day the AQI of the
   * medians, its category, and the probability of reaching the next category up; which weather the forecasts used.
   */
  cityOutlook: viewerProcedure
    .input(cityOutlookInputSchema)
    .output(cityOutlookOutputSchema)
    .query(async ({ ctx, input }) => getCityOutlook({ db: ctx.db, cache: await getCache() }, input)),
  /**
   * A public, signed, expiring link to the city's AQI card for a day (default the latest), in one standard
   * and language. Any signed-in user: the card shows only what the AQI card on the city page shows them.
   */
  createShareLink: viewerProcedure
    .input(createShareLinkInputSchema)
    .output(shareLinkOutputSchema)
    .mutation(({ ctx, input }) => createShareLink(ctx.db, appShareTokenKey(), input)),
});
