/**
 * GET /api/v1/assets/{assetId}/series/{metric}?from&to&limit — points in [from, to) (from inclusive,
 * to exclusive), oldest first, ISO timestamps. from/to: ISO-8601 or epoch seconds/ms.
 */
import { getSeries, readObservations } from "@/server/assets";
import { authenticateForAsset } from "@/server/http/authenticate";
import { ValidationError } from "@/server/http/errors";
import { handleRoute, json, methodNotAllowed, routeDb } from "@/server/http/handle-route";
import { parseTimestamp } from "@/server/ingest/parse-timestamp";
import type { SeriesPointsResponse } from "@/server/assets/rest-schemas";

export const GET = handleRoute(async (request: Request, ctx: { params: Promise<{ assetId: string; metric: string }> }) => {
  const { assetId, metric } = await ctx.params;
  const db = await routeDb();
  const { asset } = await authenticateForAsset(db, request, "read", assetId);
  const s = await getSeries(db, { assetId: asset.id, metric });
  const q = new URL(request.url).searchParams;
  // Same timestamp rules as ingestion; a naive date-time is read in the asset's zone.
  const bound = (name: "from" | "to") => {
    const text = q.get(name);
    if (text === null) return undefined;
    const r = parseTimestamp(text, { timeZone: asset.timezone });
    if (!r.ok) throw new ValidationError(`${name}: ${r.reason}`, { field: name });
    return new Date(r.ms);
  };
  const limitText = q.get("limit");
  if (limitText !== null && !/^\d+$/.test(limitText)) throw new ValidationError("limit: must be a positive integer", { field: "limit" });
  const points = await readObservations(db, {
    seriesId: s.id,
    from: bound("from"),
    to: bound("to"),
    limit: limitText === null ? undefined : Number(limitText),
  });
  const body: SeriesPointsResponse = {
    asset: { id: asset.id, slug: asset.slug, timezone: asset.timezone },
    series: { id: s.id, metric: s.metric, unit: s.unit, frequency: s.frequency },
    points: points.map((p) => ({ timestamp: p.ts.toISOString(), value: p.value, quality: p.quality })),
  };
  return json(body);
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed("GET");
