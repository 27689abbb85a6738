/**
 * Promotion with deployment checks, manual (server/training/champion.ts) and automatic
 * (server/training/promotion.ts) alike:
 *
 * - before: `promoteChecked` runs the compatibility check (./check-compatibility.ts) and refuses an
 *   incompatible version with every reason (IncompatibleVersionError, 422), recording the refusal;
 * - after: `verifyDeployment` (the check-deployment job, which has the artifact store and inference client)
 *   runs the health check (./check-health.ts), records it, and when the new champion fails it puts the previous
 *   champion back (the same promotion transaction rollback uses) and records why, so the version page can say.
 *
 * Audit actions (audit_log, target the version): model_version.promotion_blocked, model_version.health_check,
 * model_version.auto_rollback (on the version rolled back from).
 */
import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { modelVersions } from "@/db/schema";
import { findRollbackTarget, promoteVersion, type Actor, type ModelVersion } from "@/server/registry";
import { writeAudit } from "@/server/registry/audit";
import { checkCompatibility, IncompatibleVersionError, type CompatibilityReport } from "./check-compatibility";
import { checkHealth, type HealthCheckOptions, type HealthDeps, type HealthReport } from "./check-health";

export const DEPLOYMENT_ACTIONS = ["model_version.promotion_blocked", "model_version.health_check", "model_version.auto_rollback"] as const;

export interface PromoteCheckedParams {
  versionId: string;
  actor?: Actor;
  reason?: string;
  automatic?: boolean;
}

/** Refuses an incompatible version (recorded), else promotes it. */
export async function promoteChecked(db: DbOrTx, params: PromoteCheckedParams): Promise<{ version: ModelVersion; compatibility: CompatibilityReport }> {
  const compatibility = await assertCompatible(db, params);
  const version = await promoteVersion(db, { versionId: params.versionId, actor: params.actor, reason: params.reason });
  return { version, compatibility };
}

/** The compatibility check alone, recording a refusal (automatic promotion asks before the registry's first-version promotion). */
export async function assertCompatible(db: DbOrTx, params: PromoteCheckedParams): Promise<CompatibilityReport> {
  const compatibility = await checkCompatibility(db, { versionId: params.versionId });
  if (!compatibility.compatible) {
    await writeAudit(db, params.actor, "model_version.promotion_blocked", params.versionId, { automatic: params.automatic ?? false, problems: compatibility.problems });
    throw new IncompatibleVersionError(compatibility);
  }
  return compatibility;
}

export interface VerifyDeploymentResult {
  health: HealthReport;
  /** The version put back as champion, when the check failed and there was one to put back. */
  restored: { id: string; version: number } | null;
  rolledBack: boolean;
  /** Why nothing was rolled back although the check failed. */
  note?: string;
}

export async function verifyDeployment(deps: HealthDeps, params: { versionId: string; options?: HealthCheckOptions; now?: Date }): Promise<VerifyDeploymentResult> {
  const health = await checkHealth(deps, params);
  await writeAudit(deps.db, undefined, "model_version.health_check", params.versionId, { healthy: health.healthy, reason: health.reason, steps: health.steps, checkedAt: health.checkedAt });
  if (health.healthy) return { health, restored: null, rolledBack: false };
  const [version] = await deps.db.select().from(modelVersions).where(eq(modelVersions.id, params.versionId));
  const [stillChampion] = version
    ? await deps.db.select({ id: modelVersions.id }).from(modelVersions).where(and(eq(modelVersions.id, version.id), eq(modelVersions.state, "champion")))
    : [];
  if (!version || !stillChampion) return { health, restored: null, rolledBack: false, note: "the version is no longer the champion" };
  const target = await findRollbackTarget(deps.db, { modelId: version.modelId });
  if (!target?.previous) {
    await writeAudit(deps.db, undefined, "model_version.auto_rollback", version.id, { rolledBack: false, reason: health.reason, note: "no previous champion to roll back to: the version stays champion" });
    return { health, restored: null, rolledBack: false, note: "no previous champion to roll back to" };
  }
  await promoteVersion(deps.db, {
    versionId: target.previous.id,
    action: "model_version.rollback",
    reason: `automatic rollback from version ${version.version}: health check failed (${health.reason})`,
  });
  await writeAudit(deps.db, undefined, "model_version.auto_rollback", version.id, {
    rolledBack: true,
    reason: health.reason,
    restoredVersionId: target.previous.id,
    restoredVersion: target.previous.version,
    steps: health.steps,
  });
  return { health, restored: target.previous, rolledBack: true };
}
