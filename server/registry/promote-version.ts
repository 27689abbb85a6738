import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models, modelVersions } from "@/db/schema";
import { NotFoundError } from "@/server/http/errors";
import { writeAudit } from "./audit";
import { InvalidTransitionError } from "./errors";
import type { Actor, ModelVersion } from "./types";

const PROMOTABLE = new Set(["candidate", "challenger", "archived", "champion"]);

export interface PromoteVersionParams {
  versionId: string;
  actor?: Actor;
  reason?: string;
  /** Audit action name; rollback reuses this transaction with its own name. */
  action?: string;
}

/**
 * Makes a version its model's champion in one transaction: lock the model, archive the current champion,
 * promote the target, write the audit record (with the previous champion, which rollback reads back).
 * Promoting the current champion again is a no-op.
 */
export async function promoteVersion(db: DbOrTx, params: PromoteVersionParams): Promise<ModelVersion> {
  return db.transaction(async (tx) => {
    const [target] = await tx.select().from(modelVersions).where(eq(modelVersions.id, params.versionId));
    if (!target) throw new NotFoundError("model version", params.versionId);
    // Serialise every champion change of this model behind the model row's lock.
    await tx.select({ id: models.id }).from(models).where(eq(models.id, target.modelId)).for("update");
    const [fresh] = await tx.select().from(modelVersions).where(eq(modelVersions.id, params.versionId));
    if (fresh.state === "champion") return fresh;
    if (!PROMOTABLE.has(fresh.state)) throw new InvalidTransitionError(fresh.id, fresh.state, "champion");
    const [previous] = await tx
      .update(modelVersions)
      .set({ state: "archived" })
      .where(and(eq(modelVersions.modelId, fresh.modelId), eq(modelVersions.state, "champion")))
      .returning({ id: modelVersions.id, version: modelVersions.version });
    const [promoted] = await tx
      .update(modelVersions)
      .set({ state: "champion", promotedAt: new Date() })
      .where(eq(modelVersions.id, fresh.id))
      .returning();
    await writeAudit(tx, params.actor, params.action ?? "model_version.promote", fresh.id, {
      modelId: fresh.modelId,
      version: fresh.version,
      fromState: fresh.state,
      previousChampionId: previous?.id ?? null,
      previousChampionVersion: previous?.version ?? null,
      reason: params.reason ?? null,
    });
    return promoted;
  });
}
