import { z } from "zod";
import { API_KEY_SCOPES } from "@/db/schema";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/api-keys";
import { apiKeyExpiry } from "@/server/api-keys/schemas";
import { adminProcedure, router } from "../init";

export const apiKeySummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(API_KEY_SCOPES)),
  assetIds: z.array(z.uuid()).nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  rateLimitPerMinute: z.number().int().nullable(),
});

export const listApiKeysInput = z.object({ includeRevoked: z.boolean().default(true) }).default({ includeRevoked: true });

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Give the key a name").max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Pick at least one scope").max(API_KEY_SCOPES.length),
  /** Null or omitted: every asset. */
  assetIds: z.array(z.uuid()).min(1, "Pick at least one asset, or allow all").max(1_000, "At most 1,000 assets per key").nullish(),
  expiresAt: apiKeyExpiry(z.date()).nullish(),
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).nullish(),
});

export const createApiKeyOutput = z.object({
  /** The full key: shown once, never stored. */
  key: z.string(),
  apiKey: apiKeySummarySchema,
});

export const revokeApiKeyInput = z.object({ id: z.uuid() });

export const apiKeysRouter = router({
  list: adminProcedure
    .input(listApiKeysInput)
    .output(z.array(apiKeySummarySchema))
    .query(({ ctx, input }) => listApiKeys(ctx.db, { includeRevoked: input.includeRevoked })),
  create: adminProcedure
    .input(createApiKeyInput)
    .output(createApiKeyOutput)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, { ...input, createdBy: ctx.user.id })),
  revoke: adminProcedure
    .input(revokeApiKeyInput)
    .output(apiKeySummarySchema)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, { id: input.id, actorUserId: ctx.user.id })),
});
