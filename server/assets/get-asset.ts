import type { DbOrTx } from "@/db/client";
import { NotFoundError } from "@/server/http/errors";
import { findAsset, type FindAssetParams } from "./find-asset";
import type { Asset } from "./types";

/** Like findAsset, but throws NotFoundError. */
export async function getAsset(db: DbOrTx, params: FindAssetParams): Promise<Asset> {
  const asset = await findAsset(db, params);
  if (!asset) throw new NotFoundError("asset", params.idOrSlug);
  return asset;
}
