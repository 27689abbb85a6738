import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets } from "@/db/schema";
import { isUuid } from "@/server/ids";
import type { Asset } from "./types";

export interface FindAssetParams {
  /** The asset's uuid or its slug. */
  idOrSlug: string;
}

export async function findAsset(db: DbOrTx, params: FindAssetParams): Promise<Asset | undefined> {
  const cond = isUuid(params.idOrSlug) ? eq(assets.id, params.idOrSlug) : eq(assets.slug, params.idOrSlug);
  const [row] = await db.select().from(assets).where(cond).limit(1);
  return row;
}
