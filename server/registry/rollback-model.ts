import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { auditLog, modelVersions } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import { NoPreviousChampionError } from "./errors";
import { promoteVersion } from "./promote-version";
import type { Actor, ModelVersion } from "./types";

/**
 * Returns a model to the champion it had before the current one. The previous champion is read from the
 * audit record of the current champion's promotion, so rollback follows the real history (not "version - 1").
 * Rolling back twice walks further back only if that history exists.
 */
export async function rollbackModel(db: DbOrTx, params: { modelId: string; actor?: Actor }): Promise<ModelVersion> {
  const [champion] = await db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.modelId, params.modelId), eq(modelVersions.state, "champion")));
  if (!champion) throw new NotFoundError("champion of model", params.modelId);
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
  if (typeof previousId !== "string") throw new NoPreviousChampionError(params.modelId);
  return promoteVersion(db, {
    versionId: previousId,
    actor: params.actor,
    action: "model_version.rollback",
    reason: `rollback from version ${champion.version}`,
  });
}
