import type { DbOrTx } from "@/db/client";
import { recordAudit } from "@/server/audit/record-audit";
import type { Actor } from "./types";

/** Writes the registry's audit_log row inside the caller's transaction, so the change and its record commit together. */
export async function writeAudit(
  tx: DbOrTx,
  actor: Actor | undefined,
  action: string,
  targetId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(tx, {
    actorUserId: actor?.userId,
    actorApiKeyId: actor?.apiKeyId,
    action,
    targetType: "model_version",
    targetId,
    details,
  });
}
