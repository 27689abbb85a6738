/**
 * Downloads a user-supplied URL without letting it reach the server's own network (SSRF):
 *   - only https: (any other scheme is refused);
 *   - the host is resolved and EVERY address must be public: loopback, private (RFC 1918 / ULA), link-local,
 *     CGNAT, unspecified, multicast and IPv4-mapped forms of those are refused, unless the host is listed in
 *     DATA_URL_ALLOW_HOSTS (e.g. an internal data server the operator trusts);
 *   - redirects are not followed blindly: each hop is checked the same way (at most 3);
 *   - the body is streamed and cut off at `maxBytes`.
 * Residual risk: DNS may answer differently between our lookup and fetch's own (rebinding); pinning the
 * address would need a custom agent, which Node's fetch does not expose.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { BadRequestError, PayloadTooLargeError, ValidationError } from "@/server/http/errors";

export interface SafeFetchOptions {
  maxBytes: number;
  allowHosts: string[];
  timeoutMs?: number;
  /** Injected for tests; defaults to DNS. */
  resolve?: (host: string) => Promise<string[]>;
  fetchImpl?: typeof fetch;
}

export class UnsafeUrlError extends ValidationError {
  constructor(message: string) {
    super(message, { field: "data_url" });
    this.name = "UnsafeUrlError";
  }
}

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
}

const V4_BLOCKS: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

/** Whether an address is loopback, private, link-local or otherwise not a public unicast address. */
export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 4) {
    const n = ipv4ToInt(ip);
    return V4_BLOCKS.some(([base, bits]) => {
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      return (n & mask) >>> 0 === (ipv4ToInt(base) & mask) >>> 0;
    });
  }
  const v6 = ip.toLowerCase().replace(/^\[|\]$/g, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(v6);
  if (mapped) return isPrivateAddress(mapped[1]);
  if (v6 === "::" || v6 === "::1") return true;
  return /^(fc|fd|fe8|fe9|fea|feb|ff)/.test(v6);
}

async function defaultResolve(host: string): Promise<string[]> {
  const addrs = await lookup(host, { all: true, verbatim: true });
  return addrs.map((a) => a.address);
}

export async function checkUrl(raw: string, opts: Pick<SafeFetchOptions, "allowHosts" | "resolve">): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UnsafeUrlError(`data_url "${raw.slice(0, 200)}" is not a valid URL`);
  }
  if (url.protocol !== "https:") throw new UnsafeUrlError(`data_url must use https (got ${url.protocol.replace(":", "")})`);
  if (url.username || url.password) throw new UnsafeUrlError("data_url must not carry credentials");
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (opts.allowHosts.map((h) => h.toLowerCase()).includes(host)) return url;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (opts.resolve ?? defaultResolve)(host);
  } catch {
    throw new UnsafeUrlError(`data_url host "${host}" does not resolve`);
  }
  if (addresses.length === 0) throw new UnsafeUrlError(`data_url host "${host}" does not resolve`);
  const bad = addresses.find(isPrivateAddress);
  if (bad) throw new UnsafeUrlError(`data_url host "${host}" resolves to a private or loopback address (${bad})`);
  return url;
}

/** Fetches `raw` under the rules above and returns the body bytes. */
export async function safeFetch(raw: string, opts: SafeFetchOptions): Promise<{ bytes: Uint8Array; contentType: string; url: string }> {
  const doFetch = opts.fetchImpl ?? fetch;
  let current = raw;
  for (let hop = 0; hop < 4; hop++) {
    const url = await checkUrl(current, opts);
    let res: Response;
    try {
      res = await doFetch(url, { redirect: "manual", signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
    } catch (err) {
      throw new BadRequestError(`data_url could not be downloaded: ${err instanceof Error ? err.message : String(err)}`, "data_url");
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
      current = new URL(res.headers.get("location")!, url).toString();
      continue;
    }
    if (!res.ok) throw new BadRequestError(`data_url answered HTTP ${res.status}`, "data_url");
    const declared = Number(res.headers.get("content-length") ?? "0");
    if (declared > opts.maxBytes) throw new PayloadTooLargeError(opts.maxBytes);
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > opts.maxBytes) throw new PayloadTooLargeError(opts.maxBytes);
        chunks.push(chunk);
      }
    }
    const bytes = new Uint8Array(size);
    let o = 0;
    for (const c of chunks) {
      bytes.set(c, o);
      o += c.byteLength;
    }
    return { bytes, contentType: res.headers.get("content-type") ?? "", url: url.toString() };
  }
  throw new BadRequestError("data_url redirected too many times", "data_url");
}
