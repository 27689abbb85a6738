/** The jobs list: recent runs (newest first, filtered as listRuns is) with their assets' slugs, in one query. */
import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { assets, jobRuns } from "@/db/schema";
import { toJobRunSummary } from "./job-run-view";
import { jobRunFilter, type ListRunsParams } from "./list-job-runs";
import type { JobRunSummary } from "./schemas";

export async function listJobRunSummaries(db: DbOrTx, params: ListRunsParams = {}): Promise<JobRunSummary[]> {
  const rows = await db
    .select({ run: jobRuns, assetSlug: assets.slug })
    .from(jobRuns)
    .leftJoin(assets, eq(assets.id, jobRuns.assetId))
    .where(jobRunFilter(params))
    .orderBy(desc(jobRuns.createdAt))
    .limit(params.limit ?? 50);
  return rows.map((r) => toJobRunSummary(r.run, r.assetSlug));
}
