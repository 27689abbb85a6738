import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets } from "@/db/schema";
import type { Asset, AssetKind } from "./types";

export interface ListAssetsParams {
  kind?: AssetKind;
  /** Restrict to these ids (an API key's allow-list); undefined means all. */
  ids?: string[];
}

/** The `where` condition on `assets` for these params; shared by every query that lists assets. */
export function assetListFilter(params: ListAssetsParams): SQL | undefined {
  return and(
    params.kind ? eq(assets.kind, params.kind) : undefined,
    params.ids ? (params.ids.length ? inArray(assets.id, params.ids) : sql`false`) : undefined,
  );
}

export async function listAssets(db: DbOrTx, params: ListAssetsParams = {}): Promise<Asset[]> {
  return db.select().from(assets).where(assetListFilter(params)).orderBy(asc(assets.slug));
}
