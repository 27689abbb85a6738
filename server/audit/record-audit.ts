/** Append-only audit trail of security-relevant actions (API keys created/revoked, ...). */
import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema";

export type AuditEntry = typeof auditLog.$inferSelect;

export interface RecordAuditParams {
  /** e.g. `api_key.create`, `api_key.revoke`. */
  action: string;
  targetType: string;
  targetId?: string | null;
  actorUserId?: string | null;
  actorApiKeyId?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: DbOrTx, params: RecordAuditParams): Promise<void> {
  await db.insert(auditLog).values({
    action: params.action,
    targetType: params.targetType,
    targetId: params.targetId ?? null,
    actorUserId: params.actorUserId ?? null,
    actorApiKeyId: params.actorApiKeyId ?? null,
    details: params.details ?? {},
  });
}

export interface ListAuditParams {
  targetType?: string;
  targetId?: string;
  limit?: number;
}

/** Newest first. */
export async function listAudit(db: DbOrTx, params: ListAuditParams = {}): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditLog)
    .where(
      and(
        params.targetType ? eq(auditLog.targetType, params.targetType) : undefined,
        params.targetId ? eq(auditLog.targetId, params.targetId) : undefined,
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(params.limit ?? 100);
}
