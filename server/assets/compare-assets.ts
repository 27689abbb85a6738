/**
 * Several assets' series of one metric side by side (cities on one chart, meters of a plant): each asset's points
 * over the same range, reduced for the chart, and the numbers a ranked table shows (latest, mean, min, max over
 * the range, from every observation, not the reduced points).
 */
import type { DbOrTx } from "@/db/client";
import { ValidationError } from "@/server/http/errors";
import { chartObservations } from "./chart-observations";
import { getAsset } from "./get-asset";
import { listSeries } from "./list-series";

export interface CompareAssetsParams {
  /** Asset slugs or ids, 2 to 8. */
  assets: string[];
  metric?: string;
  from?: Date;
  to?: Date;
  maxPoints: number;
}

export async function compareAssets(db: DbOrTx, p: CompareAssetsParams) {
  // Slugs and ids may name the same asset twice: each asset once, in the order first named.
  const resolved = await Promise.all([...new Set(p.assets)].map((idOrSlug) => getAsset(db, { idOrSlug })));
  const assets = resolved.filter((a, i) => resolved.findIndex((b) => b.id === a.id) === i);
  const seriesOf = await Promise.all(assets.map((a) => listSeries(db, { assetId: a.id })));
  // Metrics every chosen asset has: what can be compared.
  const common = seriesOf.map((ss) => new Set(ss.map((s) => s.metric))).reduce((acc, s) => new Set([...acc].filter((m) => s.has(m))));
  const metrics = [...common].sort();
  const metric = p.metric ?? metrics[0];
  if (!metric) throw new ValidationError("assets: these assets have no metric in common", { field: "assets" });
  if (!common.has(metric)) {
    const missing = assets.filter((_, i) => !seriesOf[i].some((s) => s.metric === metric)).map((a) => a.slug);
    throw new ValidationError(`metric: ${missing.join(", ")} ${missing.length === 1 ? "has" : "have"} no series "${metric}"`, { field: "metric" });
  }
  const rows = await Promise.all(
    assets.map(async (a, i) => {
      const s = seriesOf[i].find((x) => x.metric === metric)!;
      const obs = await chartObservations(db, { seriesId: s.id, from: p.from, to: p.to, maxPoints: p.maxPoints });
      let sum = 0;
      let n = 0;
      let min = Infinity;
      let max = -Infinity;
      for (const r of obs.rows) {
        if (!Number.isFinite(r.value)) continue;
        sum += r.value;
        n++;
        min = Math.min(min, r.value);
        max = Math.max(max, r.value);
      }
      const last = obs.rows.at(-1);
      return {
        asset: { id: a.id, slug: a.slug, name: a.name, timezone: a.timezone },
        seriesId: s.id,
        unit: s.unit,
        frequency: s.frequency,
        totalPoints: obs.totalPoints,
        points: obs.points.map((r) => ({ ts: r.ts, value: r.value })),
        stats: n
          ? { latest: last ? { ts: last.ts, value: last.value } : null, mean: sum / n, min, max, count: n }
          : { latest: null, mean: null, min: null, max: null, count: 0 },
      };
    }),
  );
  return { metric, metrics, assets: rows };
}
