/** A version's deployment record for its page: promotion refusals, health checks and automatic rollbacks, newest first. */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog } from "@/db/schema";
import { DEPLOYMENT_ACTIONS } from "./deploy-version";

export async function listDeploymentEvents(db: DbOrTx, params: { versionId: string; limit?: number }) {
  const rows = await db
    .select({ id: auditLog.id, action: auditLog.action, details: auditLog.details, at: auditLog.at })
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "model_version"), eq(auditLog.targetId, params.versionId), inArray(auditLog.action, [...DEPLOYMENT_ACTIONS])))
    .orderBy(desc(auditLog.id))
    .limit(params.limit ?? 50);
  return rows.map((r) => ({
    id: r.id,
    action: r.action.replace("model_version.", "") as "promotion_blocked" | "health_check" | "auto_rollback",
    at: r.at,
    healthy: typeof r.details.healthy === "boolean" ? r.details.healthy : null,
    rolledBack: typeof r.details.rolledBack === "boolean" ? r.details.rolledBack : null,
    reason: typeof r.details.reason === "string" ? r.details.reason : null,
    restoredVersion: typeof r.details.restoredVersion === "number" ? r.details.restoredVersion : null,
    problems: Array.isArray(r.details.problems) ? (r.details.problems as { check: string; message: string }[]) : [],
    steps: Array.isArray(r.details.steps) ? (r.details.steps as { step: string; ok: boolean; detail: string }[]) : [],
  }));
}
