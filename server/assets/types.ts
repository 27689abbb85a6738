/** Row types of the asset domain, inferred from the Drizzle tables. */
import type { ASSET_KINDS, assets, series } from "@/db/schema";

export type Asset = typeof assets.$inferSelect;
export type Series = typeof series.$inferSelect;
export type AssetKind = (typeof ASSET_KINDS)[number];
