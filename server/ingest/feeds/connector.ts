/** The contract between the pull runner and a provider connector. */
import type { HttpOptions } from "./connector-http";
import type { ParsedResponse } from "./connector-types";

export interface ConnectorContext {
  http: HttpOptions;
  /** Test seam: replaces the provider's fixed origin (a fixture server on 127.0.0.1). Production never sets it. */
  baseUrl?: string;
  nowMs: number;
  /** Where each stream (sensor, API kind) got to; the pull resumes just after it. */
  cursors: Record<string, number>;
  fromMs?: number;
  toMs?: number;
}

export interface ConnectorPage extends ParsedResponse {
  /** The stream this page belongs to (a sensor id, `weather`/`air`, a year file...). */
  stream: string;
  /** Newest timestamp this page covered, or null to leave the stream's cursor where it is. */
  cursorMs: number | null;
}

export type Connector<C, K> = (config: C, credentials: K, ctx: ConnectorContext) => AsyncIterable<ConnectorPage>;

export const DAY_MS = 86_400_000;

export function newestTs(p: ParsedResponse): number | null {
  let m = -Infinity;
  for (const s of p.series) for (const pt of s.points) if (pt.tsMs > m) m = pt.tsMs;
  return Number.isFinite(m) ? m : null;
}

/** yyyy-mm-dd of an instant in a time zone. */
export function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ms));
}
