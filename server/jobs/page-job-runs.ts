/** Job runs a page at a time for the REST API: newest first, keyset-paginated on (created_at, id). */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, jobRuns, type JobRunStatus } from "@/db/schema";
import { newestFirst } from "@/server/http/newest-first";
import type { JobRunPage } from "./schemas";

export interface PageJobRunsParams {
  /** The job definition's name. */
  jobId?: string;
  status?: JobRunStatus;
  assetId?: string;
  cursor?: string;
  limit: number;
  /** An API key's allow-list: only runs on these assets (runs on no asset are outside every list). */
  assetIds: string[] | null;
}

export async function pageJobRuns(db: DbOrTx, params: PageJobRunsParams): Promise<JobRunPage> {
  const rows = await db
    .select({ run: jobRuns, assetSlug: assets.slug })
    .from(jobRuns)
    .leftJoin(assets, eq(assets.id, jobRuns.assetId))
    .where(
      and(
        params.jobId ? eq(jobRuns.jobId, params.jobId) : undefined,
        params.status ? eq(jobRuns.status, params.status) : undefined,
        params.assetId ? eq(jobRuns.assetId, params.assetId) : undefined,
        params.assetIds ? (params.assetIds.length ? inArray(jobRuns.assetId, params.assetIds) : sql`false`) : undefined,
        newestFirst.after(jobRuns.createdAt, jobRuns.id, params.cursor),
      ),
    )
    .orderBy(desc(jobRuns.createdAt), desc(jobRuns.id))
    .limit(params.limit + 1);
  const page = newestFirst.page(rows, params.limit, (r) => ({ time: r.run.createdAt, id: r.run.id }));
  return {
    items: page.rows.map(({ run, assetSlug }) => ({
      id: run.id,
      name: run.jobId,
      status: run.status,
      progress: { stage: run.stage, percent: run.percent },
      asset: run.assetId && assetSlug ? { id: run.assetId, slug: assetSlug } : null,
      trigger: run.trigger,
      created_at: run.createdAt.toISOString(),
      started_at: run.startedAt?.toISOString() ?? null,
      finished_at: run.finishedAt?.toISOString() ?? null,
      error: run.error ?? null,
    })),
    next_cursor: page.nextCursor,
  };
}
