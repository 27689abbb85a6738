/** Assets a page at a time for the REST API: filter by kind and text, keyset-paginated by slug. */
import { and, asc, gt, ilike, or } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { ASSET_KINDS, assets } from "@/db/schema";
import { assetListFilter } from "./list-assets";
import type { AssetKind } from "./types";

export const pageAssetsQuery = z.object({
  kind: z.enum(ASSET_KINDS).optional(),
  /** Case-insensitive text in the slug or name. */
  q: z.string().trim().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const assetItem = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  kind: z.enum(ASSET_KINDS),
  timezone: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  created_at: z.string(),
});
export const assetPage = z.object({ items: z.array(assetItem), next_cursor: z.string().nullable() });
export type AssetPage = z.infer<typeof assetPage>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function pageAssets(db: DbOrTx, params: z.infer<typeof pageAssetsQuery> & { ids?: string[] }): Promise<AssetPage> {
  const text = params.q ? `%${escapeLike(params.q)}%` : undefined;
  const rows = await db
    .select()
    .from(assets)
    .where(
      and(
        assetListFilter({ kind: params.kind as AssetKind | undefined, ids: params.ids }),
        text ? or(ilike(assets.slug, text), ilike(assets.name, text)) : undefined,
        params.cursor ? gt(assets.slug, params.cursor) : undefined,
      ),
    )
    .orderBy(asc(assets.slug))
    .limit(params.limit + 1);
  const items = rows.slice(0, params.limit).map((a) => ({ id: a.id, slug: a.slug, name: a.name, kind: a.kind, timezone: a.timezone, lat: a.lat, lon: a.lon, created_at: a.createdAt.toISOString() }));
  return { items, next_cursor: rows.length > params.limit ? items[items.length - 1].slug : null };
}
