import type { DbOrTx } from "@/db/client";
import { assets } from "@/db/schema";
import { findAsset } from "./find-asset";
import { getAsset } from "./get-asset";
import { createAssetSchema, type CreateAssetParams } from "./schemas";
import type { Asset } from "./types";

/** Creates the asset unless one with this slug exists; returns the stored one either way. */
export async function ensureAsset(db: DbOrTx, params: CreateAssetParams): Promise<Asset> {
  const existing = await findAsset(db, { idOrSlug: params.slug });
  if (existing) return existing;
  const parsed = createAssetSchema.parse(params);
  await db.insert(assets).values(parsed).onConflictDoNothing({ target: assets.slug });
  return getAsset(db, { idOrSlug: params.slug });
}
