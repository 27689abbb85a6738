import type { models, modelVersions } from "@/db/schema";

export type Model = typeof models.$inferSelect;
export type ModelVersion = typeof modelVersions.$inferSelect;

/** Who asked for a registry change; recorded in audit_log. Both empty means the system (a scheduled job). */
export interface Actor {
  userId?: string | null;
  apiKeyId?: string | null;
}
