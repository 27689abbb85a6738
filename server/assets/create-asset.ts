import type { DbOrTx } from "@/db/client";
import { assets } from "@/db/schema";
import { ValidationError } from "@/server/http/errors";
import { createAssetSchema, type CreateAssetParams } from "./schemas";
import type { Asset } from "./types";

/** Creates an asset; a slug that already exists is a ValidationError on `slug`. */
export async function createAsset(db: DbOrTx, params: CreateAssetParams): Promise<Asset> {
  const parsed = createAssetSchema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(issue.message, { field: issue.path.join(".") });
  }
  const [row] = await db.insert(assets).values(parsed.data).onConflictDoNothing({ target: assets.slug }).returning();
  if (!row) throw new ValidationError(`an asset with slug "${parsed.data.slug}" already exists`, { field: "slug" });
  return row;
}
