/** API key request shapes. */
import { z } from "zod";
import { API_KEY_SCOPES } from "@/db/schema";

/** Longest lifetime a key may be given; keys that should never expire leave expiresAt empty. */
export const MAX_API_KEY_LIFETIME_DAYS = 3_650;

/** An expiry date: in the future and at most MAX_API_KEY_LIFETIME_DAYS ahead (checked when the key is made). */
export function apiKeyExpiry(date: z.ZodType<Date> = z.coerce.date()) {
  return date
    .refine((d) => d.getTime() > Date.now(), "expiresAt must be in the future")
    .refine((d) => d.getTime() <= Date.now() + MAX_API_KEY_LIFETIME_DAYS * 86_400_000, `expiresAt must be within ${MAX_API_KEY_LIFETIME_DAYS} days`);
}

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
  /** Asset uuids the key may touch; omitted or null = every asset. */
  assetIds: z.array(z.uuid()).max(1_000).nullish(),
  expiresAt: z.coerce.date().nullish(),
  /** Requests per minute on the predict / anomaly endpoints; omitted = API_RATE_LIMIT_PER_MINUTE. */
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).nullish(),
  /** The user creating the key (audit actor and owner). */
  createdBy: z.uuid().nullish(),
});
export type CreateApiKeyParams = z.input<typeof createApiKeySchema>;

/** The scopes, for forms (components import values only from schema modules). */
export { API_KEY_SCOPES, type ApiKeyScope } from "@/db/schema";
