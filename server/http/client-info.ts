/**
 * Who is calling and over what: the client address (for rate limits) and whether the request arrived over
 * https (for Secure cookies and HSTS). Forwarded headers are believed only with TRUST_PROXY=true, since a
 * client reaching the app directly can set them to anything.
 */
import { env } from "@/server/env";

export interface ClientInfoOptions {
  trustProxy?: boolean;
}

/**
 * The address to rate-limit by. Next's server sets X-Forwarded-For to the socket address when the client
 * sent none, and keeps a client-sent one as it is; a trusted reverse proxy appends the address it saw. So
 * the rightmost hop is the best we know: the proxy's view behind TRUST_PROXY, otherwise the socket
 * address or the client's own claim (which lets a direct client dodge the per-address limit, never the
 * per-account one or the bound on concurrent password hashing).
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for");
  const hops = forwarded?.split(",").map((h) => h.trim()).filter(Boolean) ?? [];
  const last = hops.at(-1) ?? request.headers.get("x-real-ip")?.trim();
  return last ? last.slice(0, 64) : "unknown";
}

/** Whether the request reached us over https: the URL's own scheme, or X-Forwarded-Proto behind a trusted proxy. */
export function isHttps(request: Request, opts: ClientInfoOptions = {}): boolean {
  const trust = opts.trustProxy ?? env.TRUST_PROXY;
  if (trust) {
    const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
    if (proto) return proto === "https";
  }
  return new URL(request.url).protocol === "https:";
}
