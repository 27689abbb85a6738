/**
 * OpenAQ v3 measurements (`/v3/sensors/{id}/measurements`, `/hourly`, `/daily`) → one series per parameter.
 * Body: `{meta: {found, page, limit}, results: [{value, period: {datetimeFrom: {utc}, datetimeTo: {utc}},
 * parameter: {name, units}, flagInfo?: {hasFlags}}]}`. A point is stamped with its period's start (UTC);
 * a flagged value is kept as `suspect`. A result without a number or a UTC time is reported by its index.
 */
import { z } from "zod";
import { QUALITY } from "@/db/schema";
import type { SeriesBatch } from "@/server/ingest/schemas";
import { metricSlug, pushPoint, type ParsedResponse, type RecordIssue } from "../connector-types";

const metaSchema = z.object({ found: z.union([z.number(), z.string()]).optional(), page: z.number(), limit: z.number() });

export interface OpenAqPage extends ParsedResponse {
  page: number;
  limit: number;
  /** How many results this page held (good and bad): a full page means there may be a next one. */
  count: number;
  found: number | null;
}

export function parseOpenAqMeasurements(body: unknown, opts: { metric?: string } = {}): OpenAqPage {
  const issues: RecordIssue[] = [];
  const acc = new Map<string, SeriesBatch>();
  const b = (body ?? {}) as { meta?: unknown; results?: unknown };
  const meta = metaSchema.safeParse(b.meta);
  if (!meta.success || !Array.isArray(b.results)) {
    return { series: [], issues: [{ row: 0, field: meta.success ? "results" : "meta", message: "not an OpenAQ v3 list response" }], page: 1, limit: 0, count: 0, found: null };
  }
  b.results.forEach((r: unknown, i) => {
    const row = i + 1;
    const rec = (r ?? {}) as { value?: unknown; period?: { datetimeFrom?: { utc?: unknown } }; parameter?: { name?: unknown; units?: unknown }; flagInfo?: { hasFlags?: unknown } };
    const utc = rec.period?.datetimeFrom?.utc;
    const ts = typeof utc === "string" && /(Z|[+-]\d{2}:?\d{2})$/.test(utc) ? Date.parse(utc) : NaN;
    if (Number.isNaN(ts)) return void issues.push({ row, field: "period.datetimeFrom.utc", message: `${JSON.stringify(utc)} is not a UTC time` });
    if (rec.value === null) return; // no reading for this period
    if (typeof rec.value !== "number" || !Number.isFinite(rec.value)) return void issues.push({ row, field: "value", message: `${JSON.stringify(rec.value)} is not a number` });
    const name = typeof rec.parameter?.name === "string" ? rec.parameter.name : undefined;
    if (!name && !opts.metric) return void issues.push({ row, field: "parameter.name", message: "missing" });
    const unit = typeof rec.parameter?.units === "string" ? rec.parameter.units : null;
    pushPoint(acc, opts.metric ?? metricSlug(name!), unit, ts, rec.value, rec.flagInfo?.hasFlags === true ? QUALITY.suspect : undefined);
  });
  const found = meta.data.found === undefined ? null : Number(meta.data.found); // ">1000" when OpenAQ does not count
  return { series: [...acc.values()], issues, page: meta.data.page, limit: meta.data.limit, count: b.results.length, found: Number.isFinite(found) ? found : null };
}
