import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog, modelVersions } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import { NoPreviousChampionError } from "./errors";
import { promoteVersion } from "./promote-version";
import type { Actor, ModelVersion } from "./types";

export interface RollbackTarget {
  /** The champion a rollback would leave. */
  champion: ModelVersion;
  /** The version a rollback would restore, or null when the champion was promoted with no predecessor. */
  previous: Pick<ModelVersion, "id" | "version"> | null;
}

/**
 * Where a rollback of the model would go: the previous champion is read from the audit record of the
 * current champion's promotion, so rollback follows the real history (not "version - 1"). Null when the
 * model has no champion. The UI asks this before offering the button; rollbackModel acts on it.
 */
export async function findRollbackTarget(db: DbOrTx, params: { modelId: string }): Promise<RollbackTarget | null> {
  const [champion] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, params.modelId), eq(modelVersions.state, "champion")));
  if (!champion) return null;
  const [promotion] = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.targetType, "model_version"),
        eq(auditLog.targetId, champion.id),
        inArray(auditLog.action, ["model_version.promote", "model_version.rollback"]),
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(1);
  const previousId = promotion?.details.previousChampionId;
  if (typeof previousId !== "string") return { champion, previous: null };
  const [previous] = await db
    .select({ id: modelVersions.id, version: modelVersions.version })
    .from(modelVersions)
    .where(and(eq(modelVersions.id, previousId), eq(modelVersions.modelId, params.modelId)));
  return { champion, previous: previous ?? null };
}

/**
 * Returns a model to the champion it had before the current one (see findRollbackTarget). Rolling back
 * twice walks further back only if that history exists.
 */
export async function rollbackModel(db: DbOrTx, params: { modelId: string; actor?: Actor }): Promise<ModelVersion> {
  const target = await findRollbackTarget(db, params);
  if (!target) throw new NotFoundError("champion of model", params.modelId);
  if (!target.previous) throw new NoPreviousChampionError(params.modelId);
  return promoteVersion(db, {
    versionId: target.previous.id,
    actor: params.actor,
    action: "model_version.rollback",
    reason: `rollback from version ${target.champion.version}`,
  });
}
