/**
 * Replaces a model's registry tags. Tags are normalised (trimmed, lower case, duplicates dropped, sorted) so
 * search and filters match them exactly; the change and its audit row commit together.
 */
import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { models } from "@/db/schema";
import { recordAudit } from "@/server/audit/record-audit";
import { NotFoundError, ValidationError } from "@/server/http/errors";
import type { Actor } from "./types";

export const MAX_TAGS = 20;
export const TAG_PATTERN = /^[a-z0-9][a-z0-9._:-]{0,31}$/;

/** The normalised tags, or a ValidationError naming the first bad one (`tags[i]`). */
export function normaliseTags(tags: string[]): string[] {
  const out = new Set<string>();
  tags.forEach((raw, i) => {
    const t = raw.trim().toLowerCase();
    if (!TAG_PATTERN.test(t)) throw new ValidationError(`tag "${raw.slice(0, 40)}" must be 1–32 characters of a–z, 0–9, ".", "_", ":" or "-", starting with a letter or digit`, { field: `tags[${i}]` });
    out.add(t);
  });
  if (out.size > MAX_TAGS) throw new ValidationError(`at most ${MAX_TAGS} tags per model`, { field: "tags" });
  return [...out].sort();
}

export async function setModelTags(db: DbOrTx, params: { modelId: string; tags: string[]; actor?: Actor }): Promise<{ modelId: string; tags: string[] }> {
  const tags = normaliseTags(params.tags);
  return db.transaction(async (tx) => {
    const [row] = await tx.update(models).set({ tags }).where(eq(models.id, params.modelId)).returning({ id: models.id, tags: models.tags });
    if (!row) throw new NotFoundError("model", params.modelId);
    await recordAudit(tx, { action: "model.set_tags", targetType: "model", targetId: row.id, actorUserId: params.actor?.userId, actorApiKeyId: params.actor?.apiKeyId, details: { tags } });
    return { modelId: row.id, tags: row.tags };
  });
}
