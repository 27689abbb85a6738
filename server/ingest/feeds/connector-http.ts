/**
 * GET for provider connectors: the provider's shared rate limiter before every attempt, exponential backoff
 * (base · 2^attempt, capped) on network errors and 5xx, and a 429's `Retry-After` (seconds or an HTTP date)
 * honoured before the next try. Other 4xx are final: retrying a bad key or a bad query only burns budget.
 * Provider base URLs are fixed per connector (not user input), so this does not need safeFetch's SSRF checks;
 * bodies are still capped. Request headers (credentials) are never put in an error message.
 */
import { AppError } from "@/server/http/errors";
import { realSleep, type ProviderLimiter } from "./provider-limiter";

export class ProviderHttpError extends AppError {
  readonly status = 502;
  readonly code = "provider_http";
  constructor(
    message: string,
    readonly httpStatus: number | null,
    readonly attempts: number,
  ) {
    super(message);
    this.name = "ProviderHttpError";
  }
}

export interface HttpOptions {
  headers?: Record<string, string>;
  limiter?: ProviderLimiter;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxBytes?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  fetchImpl?: typeof fetch;
  /** Called before each wait (for run logs and tests): the reason and how long. */
  onRetry?: (info: { attempt: number; status: number | null; waitMs: number }) => void;
}

export function retryAfterMs(header: string | null, nowMs = Date.now()): number | null {
  if (!header) return null;
  const s = Number(header.trim());
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** The URL without its query values (API keys sometimes travel in the query; none goes into a message). */
function redactUrl(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

export async function getText(url: string, opts: HttpOptions = {}): Promise<string> {
  const maxAttempts = opts.maxAttempts ?? 5;
  const base = opts.baseDelayMs ?? 500;
  const cap = opts.maxDelayMs ?? 60_000;
  const maxBytes = opts.maxBytes ?? 50 * 1024 * 1024;
  const sleep = opts.sleep ?? realSleep;
  const doFetch = opts.fetchImpl ?? fetch;
  let lastStatus: number | null = null;
  let lastReason = "";
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    await opts.limiter?.take();
    let res: Response;
    try {
      res = await doFetch(url, { headers: opts.headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000), redirect: "error" });
    } catch (err) {
      lastStatus = null;
      lastReason = err instanceof Error ? err.message : String(err);
      if (attempt === maxAttempts) break;
      const waitMs = Math.min(cap, base * 2 ** (attempt - 1));
      opts.onRetry?.({ attempt, status: null, waitMs });
      await sleep(waitMs);
      continue;
    }
    if (res.ok) {
      const buf = new Uint8Array(await res.arrayBuffer());
      if (buf.byteLength > maxBytes) throw new ProviderHttpError(`${redactUrl(url)}: response over ${maxBytes} bytes`, res.status, attempt);
      return new TextDecoder().decode(buf);
    }
    lastStatus = res.status;
    lastReason = `HTTP ${res.status}`;
    await res.body?.cancel().catch(() => undefined);
    const retryable = res.status === 429 || res.status >= 500;
    if (!retryable || attempt === maxAttempts) break;
    const hinted = res.status === 429 ? retryAfterMs(res.headers.get("retry-after")) : null;
    const waitMs = Math.min(cap, hinted ?? base * 2 ** (attempt - 1));
    opts.onRetry?.({ attempt, status: res.status, waitMs });
    await sleep(waitMs);
  }
  throw new ProviderHttpError(`${redactUrl(url)}: ${lastReason}`, lastStatus, maxAttempts);
}

export async function getJson(url: string, opts: HttpOptions = {}): Promise<unknown> {
  const text = await getText(url, opts);
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderHttpError(`${redactUrl(url)}: response is not JSON`, 200, 1);
  }
}
