/** API key request shapes. */
import { z } from "zod";
import { API_KEY_SCOPES } from "@/db/schema";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).max(API_KEY_SCOPES.length),
  /** Asset uuids the key may touch; omitted or null = every asset. */
  assetIds: z.array(z.uuid()).max(1_000).nullish(),
  expiresAt: z.coerce.date().nullish(),
  /** The user creating the key (audit actor and owner). */
  createdBy: z.uuid().nullish(),
});
export type CreateApiKeyParams = z.input<typeof createApiKeySchema>;
