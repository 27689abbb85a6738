/** Stored forecasts a page at a time for the REST API: newest first, keyset-paginated on (created_at, id). */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, forecasts, models, modelVersions } from "@/db/schema";
import { newestFirst } from "@/server/http/newest-first";
import type { StoredForecastPage } from "./schemas";

export interface PageStoredForecastsParams {
  assetId?: string;
  metric?: string;
  cursor?: string;
  limit: number;
  /** An API key's allow-list. */
  assetIds: string[] | null;
}

export async function pageStoredForecasts(db: DbOrTx, params: PageStoredForecastsParams): Promise<StoredForecastPage> {
  const rows = await db
    .select({ forecast: forecasts, assetId: models.assetId, assetSlug: assets.slug, metric: models.metric, version: modelVersions.version, kind: modelVersions.algorithm, state: modelVersions.state })
    .from(forecasts)
    .innerJoin(models, eq(models.id, forecasts.modelId))
    .innerJoin(assets, eq(assets.id, models.assetId))
    .innerJoin(modelVersions, eq(modelVersions.id, forecasts.modelVersionId))
    .where(
      and(
        params.assetId ? eq(models.assetId, params.assetId) : undefined,
        params.metric ? eq(models.metric, params.metric) : undefined,
        params.assetIds ? (params.assetIds.length ? inArray(models.assetId, params.assetIds) : sql`false`) : undefined,
        newestFirst.after(forecasts.createdAt, forecasts.id, params.cursor),
      ),
    )
    .orderBy(desc(forecasts.createdAt), desc(forecasts.id))
    .limit(params.limit + 1);
  const page = newestFirst.page(rows, params.limit, (r) => ({ time: r.forecast.createdAt, id: r.forecast.id }));
  return {
    items: page.rows.map((r) => ({
      id: r.forecast.id,
      asset: { id: r.assetId, slug: r.assetSlug },
      metric: r.metric,
      model: { id: r.forecast.modelId, version_id: r.forecast.modelVersionId, version: r.version, kind: r.kind, state: r.state },
      origin: r.forecast.originTs.toISOString(),
      horizon: r.forecast.horizon,
      step_ms: r.forecast.stepMs,
      levels: r.forecast.levels,
      points: r.forecast.points,
      created_at: r.forecast.createdAt.toISOString(),
    })),
    next_cursor: page.nextCursor,
  };
}
