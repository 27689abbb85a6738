import { sql, type SQL } from "drizzle-orm";

/**
 * The `forecasts f` condition of the realised-accuracy and realised-coverage queries: one version, some versions, or
 * all (an empty list is answered by the callers without a query).
 */
export function versionFilter(params: { versionId?: string; versionIds?: string[] }): SQL {
  if (params.versionId) return sql`and f.model_version_id = ${params.versionId}::uuid`;
  if (params.versionIds) return sql`and f.model_version_id = any(${`{${params.versionIds.join(",")}}`}::uuid[])`;
  return sql``;
}
