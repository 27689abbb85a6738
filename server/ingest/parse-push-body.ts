/**
 * The REST push body in any of its three shapes → normalized series batches:
 * 1. `[{timestamp, value, quality?}]` with the metric given separately (`?metric=`);
 * 2. `{metric, unit?, points: [{timestamp, value, quality?}]}`;
 * 3. wide rows `[{timestamp, <metric>: value, ...}]` (no `?metric=`; every other key is a metric).
 * `value: null` (or a missing metric in a wide row) is a gap, skipped like an empty CSV cell.
 */
import { ValidationError } from "@/server/http/errors";
import { metricSchema } from "@/server/assets/schemas";
import { parseTimestamp } from "./parse-timestamp";
import { restPointsBodySchema, restSeriesBodySchema, restWideBodySchema, type SeriesBatch } from "./schemas";
import { formatPath, toValidationError } from "../http/zod-issues";

export interface ParsePushBodyParams {
  body: unknown;
  /** From the query string; required for shape 1, must match shape 2, forbidden for shape 3. */
  metric?: string;
  unit?: string;
}

function toMs(raw: string | number, path: (string | number)[]): number {
  // Over REST a naive date-time has no zone context: require an explicit offset (dates alone are days).
  const r = parseTimestamp(raw, { format: "auto", requireOffset: true });
  if (!r.ok) {
    const index = path.find((p) => typeof p === "number") as number;
    throw new ValidationError(`${formatPath(path)}: ${r.reason}`, { field: formatPath(path), row: index + 1 });
  }
  return r.ms;
}

export function parsePushBody(params: ParsePushBodyParams): SeriesBatch[] {
  const { body } = params;
  if (params.metric !== undefined) {
    const m = metricSchema.safeParse(params.metric);
    if (!m.success) throw new ValidationError(`metric: ${m.error.issues[0].message}`, { field: "metric" });
  }
  if (body !== null && typeof body === "object" && !Array.isArray(body)) {
    const parsed = restSeriesBodySchema.safeParse(body);
    if (!parsed.success) throw toValidationError(parsed.error);
    const { metric, unit, points } = parsed.data;
    if (params.metric !== undefined && params.metric !== metric) {
      throw new ValidationError(`metric: "${metric}" in the body differs from "${params.metric}" in the query`, { field: "metric" });
    }
    return [
      {
        metric,
        unit: unit ?? params.unit ?? null,
        points: points.flatMap((p, i) =>
          p.value === null ? [] : [{ tsMs: toMs(p.timestamp, ["points", i, "timestamp"]), value: p.value, quality: p.quality }],
        ),
      },
    ];
  }
  if (!Array.isArray(body)) {
    throw new ValidationError("body must be a JSON array of points or an object {metric, points}", { field: "(body)" });
  }
  if (params.metric !== undefined) {
    const parsed = restPointsBodySchema.safeParse(body);
    if (!parsed.success) throw toValidationError(parsed.error);
    return [
      {
        metric: params.metric,
        unit: params.unit ?? null,
        points: parsed.data.flatMap((p, i) =>
          p.value === null ? [] : [{ tsMs: toMs(p.timestamp, [i, "timestamp"]), value: p.value, quality: p.quality }],
        ),
      },
    ];
  }
  // Wide rows. A `value` key without ?metric= is almost certainly shape 1 missing its metric.
  if (body.length > 0 && body.every((r) => r && typeof r === "object" && "value" in r)) {
    throw new ValidationError("metric: points of the form {timestamp, value} need ?metric=NAME", { field: "metric" });
  }
  const parsed = restWideBodySchema.safeParse(body);
  if (!parsed.success) throw toValidationError(parsed.error);
  const byMetric = new Map<string, SeriesBatch>();
  parsed.data.forEach((row, i) => {
    let tsMs: number | undefined;
    for (const [key, value] of Object.entries(row)) {
      if (key === "timestamp") continue;
      const m = metricSchema.safeParse(key);
      if (!m.success) throw new ValidationError(`[${i}].${key}: metric name ${m.error.issues[0].message}`, { field: `[${i}].${key}`, row: i + 1 });
      if (value === null) continue;
      tsMs ??= toMs(row.timestamp, [i, "timestamp"]);
      let batch = byMetric.get(key);
      if (!batch) byMetric.set(key, (batch = { metric: key, unit: null, points: [] }));
      batch.points.push({ tsMs, value: value as number });
    }
  });
  return [...byMetric.values()];
}
