/**
 * Realised coverage of served forecasts: for every stored forecast point whose actual has since arrived, whether
 * the actual fell inside the point's interval, per model version and promised level. This is what the
 * `almanac_interval_coverage_ratio` gauge reports, next to the level each version promised.
 */
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { resultRows } from "@/server/ingest/upsert-observations";
import { versionFilter } from "./version-filter";

export interface VersionCoverage {
  versionId: string;
  level: number;
  /** Forecast points with an actual. */
  points: number;
  /** Of those, inside [lower, upper]. */
  inside: number;
  ratio: number;
}

/** Coverage over forecasts made in the last `days` days (default 30), of one or some versions if given. */
export async function realisedCoverage(db: DbOrTx, params: { days?: number; versionId?: string; versionIds?: string[] } = {}): Promise<VersionCoverage[]> {
  const days = params.days ?? 30;
  if (params.versionIds && params.versionIds.length === 0) return [];
  const one = versionFilter(params);
  const result = await db.execute(sql`
    select f.model_version_id as version_id, l.level as level,
           count(*)::int as points,
           (count(*) filter (where o.value >= (p.pt->'lower'->>l.level::text)::float8
                              and o.value <= (p.pt->'upper'->>l.level::text)::float8))::int as inside
    from forecasts f
    join models m on m.id = f.model_id
    cross join lateral jsonb_array_elements(f.points) as p(pt)
    cross join lateral unnest(f.levels) as l(level)
    join observations o on o.series_id = m.series_id and o.ts = (p.pt->>'ts')::timestamptz
    where f.created_at > now() - make_interval(days => ${days}::int)
      and p.pt->'lower'->>l.level::text is not null
      and p.pt->'upper'->>l.level::text is not null
      ${one}
    group by f.model_version_id, l.level`);
  return resultRows<{ version_id: string; level: number; points: number; inside: number }>(result).map((r) => ({
    versionId: r.version_id,
    level: Number(r.level),
    points: Number(r.points),
    inside: Number(r.inside),
    ratio: Number(r.points) > 0 ? Number(r.inside) / Number(r.points) : NaN,
  }));
}
