/**
 * Schemas of the AQI share card: what a share token carries, the request that mints one and the link it
 * returns. Kept beside server/air/schemas.ts (the AQI itself) so the card's pieces stay in one place.
 */
import { z } from "zod";
import { aqiStandardSchema } from "./schemas";

export const SHARE_LANGS = ["en", "zh"] as const;
export const shareLangSchema = z.enum(SHARE_LANGS);
export type ShareLang = z.infer<typeof shareLangSchema>;

export const DEFAULT_SHARE_TTL_DAYS = 7;
export const MAX_SHARE_TTL_DAYS = 30;

/** The card a token stands for: one city, one day, one standard, one language. */
export const shareClaimsSchema = z.object({
  assetId: z.uuid(),
  /** YYYY-MM-DD, the UTC date of the daily rows. */
  date: z.iso.date(),
  standard: aqiStandardSchema,
  lang: shareLangSchema,
});
export type ShareClaims = z.infer<typeof shareClaimsSchema>;

export const createShareLinkInputSchema = z.object({
  assetId: z.uuid(),
  standard: aqiStandardSchema.default("epa"),
  lang: shareLangSchema.default("en"),
  /** The day to share; default the latest day with a pollutant reading (fixed in the token at minting). */
  date: z.coerce.date().optional(),
  /** How long the link works, in days (1 to 30). */
  ttlDays: z.number().int().min(1).max(MAX_SHARE_TTL_DAYS).default(DEFAULT_SHARE_TTL_DAYS),
});
export type CreateShareLinkInput = z.input<typeof createShareLinkInputSchema>;

export const shareLinkOutputSchema = z.object({
  token: z.string(),
  /** The public page, relative to the app's origin: /share/aqi/<token>. */
  path: z.string(),
  /** The PNG, relative to the app's origin. */
  imagePath: z.string(),
  date: z.iso.date(),
  expiresAt: z.date(),
});
export type ShareLink = z.infer<typeof shareLinkOutputSchema>;
