/**
 * API key request and response shapes (one home): the service, the REST routes and the tRPC api-keys
 * router. The key row comes from the Drizzle table (drizzle-zod), never the secret's hash.
 */
import { createSelectSchema } from "drizzle-zod";
import { z } from "zod";
import { API_KEY_SCOPES, apiKeys } from "@/db/schema";
import { uuidSchema } from "@/server/ids";

/** What a key may do (API_KEY_SCOPES; a text[] column, not a Postgres enum). */
export const apiKeyScopeSchema = z.enum(API_KEY_SCOPES);

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
  scopes: z.array(apiKeyScopeSchema).min(1).max(API_KEY_SCOPES.length),
  /** Asset uuids the key may touch; omitted or null = every asset. */
  assetIds: z.array(uuidSchema).max(1_000).nullish(),
  expiresAt: z.coerce.date().nullish(),
  /** Requests per minute on the predict / anomaly endpoints; omitted = API_RATE_LIMIT_PER_MINUTE. */
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).nullish(),
  /** The user creating the key (audit actor and owner). */
  createdBy: uuidSchema.nullish(),
});
export type CreateApiKeyParams = z.input<typeof createApiKeySchema>;

/** tRPC api-keys router: requests and responses. */

/** A key as the admin sees it: every column but the secret's hash. */
export const apiKeySummarySchema = createSelectSchema(apiKeys, { scopes: z.array(apiKeyScopeSchema) }).omit({ secretHash: true });
export const listApiKeysInputSchema = z.object({ includeRevoked: z.boolean().default(true) }).default({ includeRevoked: true });
export const listApiKeysOutputSchema = z.array(apiKeySummarySchema);

/** The form's version of createApiKeySchema: messages for people, the expiry checked, the creator from the session. */
export const createApiKeyInputSchema = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100),
  scopes: z.array(apiKeyScopeSchema).min(1, "Pick at least one scope").max(API_KEY_SCOPES.length),
  /** Null or omitted: every asset. */
  assetIds: z.array(uuidSchema).min(1, "Pick at least one asset, or allow all").max(1_000, "At most 1,000 assets per key").nullish(),
  expiresAt: apiKeyExpiry(z.date()).nullish(),
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).nullish(),
});

export const createApiKeyOutputSchema = z.object({
  /** The full key: shown once, never stored. */
  key: z.string(),
  apiKey: apiKeySummarySchema,
});

export const revokeApiKeyInputSchema = z.object({ id: uuidSchema });

/** The scopes, for forms (components import values only from schema modules). */
export { API_KEY_SCOPES, type ApiKeyScope } from "@/db/schema";
