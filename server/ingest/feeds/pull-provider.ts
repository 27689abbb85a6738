/**
 * One pull of a provider source (OpenAQ, Open-Meteo, QWeather, NOAA GSOD): the connector yields pages;
 * each page's good points go through the shared ingest path as their own ingest run (so a crash on page 2
 * keeps page 1 and its cursor), the page's bad records are counted on that run (`rows_rejected`, and named
 * by row/field in its `error.issues`), and the stream's cursor moves to the page's newest point. Re-pulling
 * a window writes nothing new (the upsert skips unchanged rows). The generic `http` feed keeps pullSource.
 */
import type { Redis } from "ioredis";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { ingestRuns, ingestSources } from "@/db/schema";
import { ValidationError } from "@/server/http/errors";
import { ingestBatch } from "@/server/ingest/ingest-batch";
import type { HttpOptions } from "./connector-http";
import type { Connector, ConnectorContext } from "./connector";
import type { RecordIssue } from "./connector-types";
import { providerLimiter, type RateWindow } from "./provider-limiter";
import { credentialSchemas, providerConfigSchemas, type Provider } from "./provider-config";
import type { IngestSource } from "./pull-source";
import { GSOD_LIMITS, gsodConnector } from "./gsod/pull";
import { OPEN_METEO_LIMITS, openMeteoConnector } from "./open-meteo/pull";
import { OPENAQ_LIMITS, openAqConnector } from "./openaq/pull";
import { QWEATHER_LIMITS, qweatherConnector } from "./qweather/pull";

type AnyConnector = Connector<never, never>;
const CONNECTORS: Record<Exclude<Provider, "http">, { connector: AnyConnector; limits: RateWindow[] }> = {
  openaq: { connector: openAqConnector as AnyConnector, limits: OPENAQ_LIMITS },
  "open-meteo": { connector: openMeteoConnector as AnyConnector, limits: OPEN_METEO_LIMITS },
  qweather: { connector: qweatherConnector as AnyConnector, limits: QWEATHER_LIMITS },
  "noaa-gsod": { connector: gsodConnector as AnyConnector, limits: GSOD_LIMITS },
};

export const isProviderSource = (s: Pick<IngestSource, "provider">) => s.provider !== "http";

export interface ProviderPullOptions {
  fromMs?: number;
  toMs?: number;
  advanceCursor?: boolean;
  nowMs?: number;
  redis?: Redis;
  /** Test seams (fixture server origin, no real sleeping). */
  baseUrl?: string;
  http?: HttpOptions;
}

export interface ProviderPullResult {
  pages: number;
  inserted: number;
  accepted: number;
  rejected: number;
  issues: (RecordIssue & { stream: string })[];
  cursor: string | null;
}

/** The stored cursor: `{stream: iso}` for provider sources. */
export function readCursors(cursor: string | null): Record<string, number> {
  if (!cursor?.startsWith("{")) return {};
  const raw = JSON.parse(cursor) as Record<string, string>;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Date.parse(v)]).filter(([, v]) => Number.isFinite(v)));
}
const writeCursors = (c: Record<string, number>) => JSON.stringify(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, new Date(v).toISOString()])));

export function parseProviderSettings(provider: string, config: unknown, credentials: unknown) {
  if (provider === "http" || !(provider in CONNECTORS)) throw new ValidationError(`"${provider}" is not a provider connector`, { field: "provider" });
  const p = provider as Exclude<Provider, "http">;
  const c = providerConfigSchemas[p].safeParse(config ?? {});
  if (!c.success) throw new ValidationError(`config: ${c.error.issues[0].path.join(".")} ${c.error.issues[0].message}`, { field: `config.${c.error.issues[0].path.join(".")}` });
  const k = credentialSchemas[p].safeParse(credentials ?? {});
  // The message names the field, never the value.
  if (!k.success) throw new ValidationError(`credentials: ${k.error.issues[0].path.join(".") || "value"} is missing or malformed`, { field: `credentials.${k.error.issues[0].path.join(".")}` });
  return { provider: p, config: c.data, credentials: k.data };
}

export async function pullProviderSource(db: Db, source: IngestSource, opts: ProviderPullOptions = {}): Promise<ProviderPullResult> {
  const result: ProviderPullResult = { pages: 0, inserted: 0, accepted: 0, rejected: 0, issues: [], cursor: source.cursor };
  const cursors = readCursors(source.cursor);
  try {
    const { provider, config, credentials } = parseProviderSettings(source.provider, source.config, source.credentials);
    const { connector, limits } = CONNECTORS[provider];
    const ctx: ConnectorContext = {
      http: { limiter: providerLimiter(provider, limits, opts.redis), ...opts.http },
      baseUrl: opts.baseUrl,
      nowMs: opts.nowMs ?? Date.now(),
      cursors: { ...cursors },
      fromMs: opts.fromMs,
      toMs: opts.toMs,
    };
    for await (const page of connector(config as never, credentials as never, ctx)) {
      result.pages++;
      const advance = (opts.advanceCursor ?? true) && page.cursorMs !== null && !(page.cursorMs <= (cursors[page.stream] ?? -Infinity));
      if (advance) cursors[page.stream] = page.cursorMs!;
      const cursor = advance ? writeCursors(cursors) : result.cursor;
      const series = page.series.filter((s) => s.points.length > 0);
      const run = await ingestBatch(db, { assetId: source.assetId, source: `source:${source.name}`, series, cursor });
      if (page.issues.length) {
        await db
          .update(ingestRuns)
          .set({ rowsRejected: page.issues.length, error: { message: `${page.issues.length} bad record(s)`, issues: page.issues.slice(0, 100) } })
          .where(eq(ingestRuns.id, run.runId));
      }
      result.inserted += run.rowsInserted;
      result.accepted += run.rowsAccepted;
      result.rejected += page.issues.length;
      result.issues.push(...page.issues.map((i) => ({ ...i, stream: page.stream })));
      if (advance) {
        result.cursor = cursor;
        await db.update(ingestSources).set({ cursor }).where(eq(ingestSources.id, source.id));
      }
    }
    await db.update(ingestSources).set({ lastRunAt: new Date(), lastError: result.rejected ? `${result.rejected} bad record(s) skipped` : null }).where(eq(ingestSources.id, source.id));
    return result;
  } catch (err) {
    await db
      .update(ingestSources)
      .set({ lastRunAt: new Date(), lastError: err instanceof Error ? err.message : String(err) })
      .where(eq(ingestSources.id, source.id));
    throw err;
  }
}
