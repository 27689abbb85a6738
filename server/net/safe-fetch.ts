/**
 * Downloads a user-supplied URL without letting it reach the server's own network (SSRF):
 *   - https only; plain http only to a host in DATA_URL_ALLOW_HOSTS (an internal server the operator trusts);
 *   - the host is resolved once per hop and EVERY address must be public unicast (classify-address.ts:
 *     loopback, private, link-local, CGNAT, documentation, multicast, IPv4-mapped/-compatible, NAT64 and 6to4
 *     of those, Teredo... are refused), unless the host is allow-listed;
 *   - the connection is pinned to the checked addresses: each hop gets its own undici Agent whose `lookup`
 *     answers only those, so a DNS answer that changes between check and connect (rebinding) is never used;
 *   - redirects are followed by hand, each hop checked and pinned again (at most 3);
 *   - one deadline covers DNS, every hop and the body; when it passes the error is typed (DownloadTimeoutError);
 *   - the body is streamed and cut off at `maxBytes`.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { Agent, fetch as undiciFetch } from "undici";
import { AppError, BadRequestError, PayloadTooLargeError } from "@/server/http/errors";
import { concatChunks } from "@/server/http/read-body";
import { classifyAddress } from "./classify-address";
import { DownloadTimeoutError, UnsafeUrlError } from "./errors";

export interface SafeFetchOptions {
  maxBytes: number;
  allowHosts: string[];
  /** The one deadline for the whole download (DNS, connects, redirects, body). Default 30 s. */
  timeoutMs?: number;
  /** Injected for tests; defaults to DNS (getaddrinfo, every address). */
  resolve?: (host: string) => Promise<string[]>;
  /**
   * Test seam for servers that cannot be reached under their public name: called instead of the pinned
   * connection after the URL passed its checks. Production never sets it.
   */
  fetchImpl?: typeof fetch;
}

export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}

export interface CheckedUrl {
  url: URL;
  /** What the connection for this hop may use, and nothing else. */
  addresses: PinnedAddress[];
}

export const MAX_REDIRECTS = 3;
const DEFAULT_TIMEOUT_MS = 30_000;

const bare = (host: string) => host.replace(/^\[|\]$/g, "").toLowerCase();

async function defaultResolve(host: string): Promise<string[]> {
  const addrs = await dnsLookup(host, { all: true, verbatim: true });
  return addrs.map((a) => a.address);
}

/** Settles with `p`, or rejects with the signal's reason as soon as it aborts (for work that cannot be aborted). */
function untilAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/** Checks one URL and returns the addresses its connection is pinned to. */
export async function checkUrl(
  raw: string,
  opts: Pick<SafeFetchOptions, "allowHosts" | "resolve"> & { signal?: AbortSignal },
): Promise<CheckedUrl> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError(`data_url "${raw.slice(0, 200)}" is not a valid URL`);
  }
  const host = bare(url.hostname);
  const allowListed = opts.allowHosts.some((h) => bare(h) === host);
  const scheme = url.protocol.replace(":", "");
  if (scheme !== "https" && !(scheme === "http" && allowListed)) throw new UnsafeUrlError(`data_url must use https (got ${scheme})`);
  if (url.username || url.password) throw new UnsafeUrlError("data_url must not carry credentials");

  let answers: string[];
  try {
    answers = isIP(host) ? [host] : await untilAborted((opts.resolve ?? defaultResolve)(host), opts.signal);
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new UnsafeUrlError(`data_url host "${host}" does not resolve`);
  }
  if (answers.length === 0) throw new UnsafeUrlError(`data_url host "${host}" does not resolve`);

  const addresses: PinnedAddress[] = [];
  for (const answer of answers) {
    const verdict = classifyAddress(answer);
    if (verdict.public) {
      addresses.push({ address: verdict.address, family: verdict.family });
    } else if (allowListed && isIP(answer)) {
      addresses.push({ address: answer, family: isIP(answer) as 4 | 6 });
    } else {
      throw new UnsafeUrlError(`data_url host "${host}" resolves to a private or loopback address (${answer}), which is ${verdict.reason}`);
    }
  }
  return { url, addresses };
}

/**
 * A `lookup` for net/tls.connect that answers only `addresses` (already checked) and only for `host`, so
 * the connection never asks DNS again.
 */
export function pinnedLookup(host: string, addresses: PinnedAddress[]): LookupFunction {
  const expected = bare(host);
  return (hostname, options, callback) => {
    const want = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : (options.family ?? 0);
    const usable = addresses.filter((a) => want === 0 || a.family === want);
    if (bare(hostname) !== expected || usable.length === 0) {
      const err: NodeJS.ErrnoException = new Error(`no pinned address for ${hostname}`);
      err.code = "ENOTFOUND";
      callback(err, "", 0);
    } else if (options.all) {
      callback(null, usable);
    } else {
      callback(null, usable[0].address, usable[0].family);
    }
  };
}

interface HopResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  body: (AsyncIterable<Uint8Array> & { cancel(reason?: unknown): Promise<void> }) | null;
}

async function readCapped(res: HopResponse, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await res.body?.cancel().catch(cleanupFailed("cancelling the response body"));
    throw new PayloadTooLargeError(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    // Leaving the loop by a throw cancels the stream (and with it the connection).
    for await (const chunk of res.body) {
      size += chunk.byteLength;
      if (size > maxBytes) throw new PayloadTooLargeError(maxBytes);
      chunks.push(chunk);
    }
  }
  return concatChunks(chunks, size);
}

async function download(raw: string, opts: SafeFetchOptions, signal: AbortSignal) {
  let current = raw;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const { url, addresses } = await checkUrl(current, { ...opts, signal });
    const agent = opts.fetchImpl ? null : new Agent({ connections: 1, connect: { lookup: pinnedLookup(url.hostname, addresses) } });
    try {
      const res = (
        agent
          ? await undiciFetch(url, { dispatcher: agent, redirect: "manual", signal })
          : await opts.fetchImpl!(url, { redirect: "manual", signal })
      ) as unknown as HopResponse;
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel().catch(cleanupFailed("cancelling the response body"));
        current = new URL(location, url).toString();
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel().catch(cleanupFailed("cancelling the response body"));
        throw new BadRequestError(`data_url answered HTTP ${res.status}`, "data_url");
      }
      const bytes = await readCapped(res, opts.maxBytes);
      return { bytes, contentType: res.headers.get("content-type") ?? "", url: url.toString() };
    } finally {
      await agent?.destroy().catch(cleanupFailed("closing the connection agent"));
    }
  }
  throw new BadRequestError(`data_url redirected too many times (more than ${MAX_REDIRECTS})`, "data_url");
}

/** Fetches `raw` under the rules above and returns the body bytes. Every failure is a typed error naming data_url. */
export async function safeFetch(raw: string, opts: SafeFetchOptions): Promise<{ bytes: Uint8Array; contentType: string; url: string }> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return await download(raw, opts, signal);
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (signal.aborted) throw new DownloadTimeoutError(timeoutMs);
    const cause = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    throw new BadRequestError(`data_url could not be downloaded: ${cause}`, "data_url");
  }
}

/** Cleanup after a download already decided (cancel, close) must not mask its outcome; it is logged, not thrown. */
function cleanupFailed(what: string): (err: unknown) => void {
  return (err) => console.debug(`[safe-fetch] ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
}
