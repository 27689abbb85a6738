/**
 * Mints the public share link of a city's AQI card. The day is fixed at minting (the latest day with a
 * reading when none is asked for), so the link shows the same card for its whole life.
 */
import type { DbOrTx } from "@/db/client";
import { ValidationError } from "@/server/http/errors";
import { getCityAqi } from "./get-city-aqi";
import { createShareLinkInputSchema, type CreateShareLinkInput, type ShareLink } from "./share-schemas";
import { signShareToken } from "./share-token";

export const sharePagePath = (token: string) => `/share/aqi/${token}`;
export const shareImagePath = (token: string) => `/share/aqi/${token}/image`;

export async function createShareLink(db: DbOrTx, key: Uint8Array, params: CreateShareLinkInput, options: { now?: Date } = {}): Promise<ShareLink> {
  const input = createShareLinkInputSchema.safeParse(params);
  if (!input.success) {
    const issue = input.error.issues[0];
    throw new ValidationError(issue.message, { field: issue.path.join(".") || "input" });
  }
  const { assetId, standard, lang, date, ttlDays } = input.data;
  const aqi = await getCityAqi(db, { assetId, standard, date });
  if (aqi.date === null || aqi.aqi === null) throw new ValidationError("there is no AQI to share for this city and day", { field: date ? "date" : "assetId" });
  const { token, expiresAt } = await signShareToken(key, { assetId, date: aqi.date, standard, lang }, { ttlDays, now: options.now });
  return { token, path: sharePagePath(token), imagePath: shareImagePath(token), date: aqi.date, expiresAt };
}
