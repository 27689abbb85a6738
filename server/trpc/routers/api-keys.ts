/** API keys: list, create (the full key shown once) and revoke (admin). */
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/api-keys";
import {
  apiKeySummarySchema,
  createApiKeyInputSchema,
  createApiKeyOutputSchema,
  listApiKeysInputSchema,
  listApiKeysOutputSchema,
  revokeApiKeyInputSchema,
} from "@/server/api-keys/schemas";
import { adminProcedure, router } from "../init";

export const apiKeysRouter = router({
  list: adminProcedure
    .input(listApiKeysInputSchema)
    .output(listApiKeysOutputSchema)
    .query(({ ctx, input }) => listApiKeys(ctx.db, { includeRevoked: input.includeRevoked })),
  create: adminProcedure
    .input(createApiKeyInputSchema)
    .output(createApiKeyOutputSchema)
    .mutation(({ ctx, input }) => createApiKey(ctx.db, { ...input, createdBy: ctx.user.id })),
  revoke: adminProcedure
    .input(revokeApiKeyInputSchema)
    .output(apiKeySummarySchema)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.db, { id: input.id, actorUserId: ctx.user.id })),
});
