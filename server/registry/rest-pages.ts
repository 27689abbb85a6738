/** Models and versions a page at a time for the REST API (snake_case, ISO timestamps). */
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { cursorParams } from "@/server/http/newest-first";
import { modelVersionState } from "@/db/schema";
import { getModel } from "./get-model";
import { listModels } from "./list-models";
import { listVersions } from "./list-versions";

export const pageQuery = cursorParams.extend({
  asset: z.string().min(1).max(200).optional(),
});

export const modelItem = z.object({
  id: z.uuid(),
  asset_id: z.string(),
  metric: z.string(),
  horizon: z.number().int(),
  frequency: z.string(),
  season_lengths: z.array(z.number().int()),
  champion: z.object({ version_id: z.uuid(), version: z.number().int() }).nullable(),
  created_at: z.string(),
});
export const modelPage = z.object({ items: z.array(modelItem), next_cursor: z.string().nullable() });

export const versionItem = z.object({
  id: z.uuid(),
  version: z.number().int(),
  state: z.enum(modelVersionState.enumValues),
  kind: z.string(),
  backtest_metrics: z.record(z.string(), z.record(z.string(), z.number())),
  created_at: z.string(),
  trained_at: z.string().nullable(),
  promoted_at: z.string().nullable(),
});
export const versionPage = z.object({ model_id: z.uuid(), items: z.array(versionItem), next_cursor: z.string().nullable() });

/** Pages an ordered list by the id of the last item seen. */
function page<T extends { id: string }>(all: T[], cursor: string | undefined, limit: number): { items: T[]; next: string | null } {
  const start = cursor ? all.findIndex((x) => x.id === cursor) + 1 : 0;
  const items = all.slice(start, start + limit);
  return { items, next: start + limit < all.length && items.length ? items[items.length - 1].id : null };
}

export async function pageModels(db: DbOrTx, params: { assetId?: string; assetIds: string[] | null; cursor?: string; limit: number }) {
  const all = (await listModels(db, { assetId: params.assetId })).filter((m) => !params.assetIds || params.assetIds.includes(m.assetId));
  const { items, next } = page(all, params.cursor, params.limit);
  return {
    items: items.map((m) => ({
      id: m.id,
      asset_id: m.assetSlug,
      metric: m.metric,
      horizon: m.horizon,
      frequency: m.frequency,
      season_lengths: m.seasonLengths,
      champion: m.champion ? { version_id: m.champion.id, version: m.champion.version } : null,
      created_at: m.createdAt.toISOString(),
    })),
    next_cursor: next,
  };
}

export async function pageVersions(db: DbOrTx, params: { modelId: string; assetIds: string[] | null; cursor?: string; limit: number }) {
  const model = await getModel(db, { modelId: params.modelId });
  if (params.assetIds && !params.assetIds.includes(model.assetId)) return null;
  const { items, next } = page(await listVersions(db, { modelId: model.id }), params.cursor, params.limit);
  return {
    model_id: model.id,
    items: items.map((v) => ({
      id: v.id,
      version: v.version,
      state: v.state,
      kind: v.algorithm,
      backtest_metrics: v.backtestMetrics,
      created_at: v.createdAt.toISOString(),
      trained_at: v.trainedAt?.toISOString() ?? null,
      promoted_at: v.promotedAt?.toISOString() ?? null,
    })),
    next_cursor: next,
  };
}
