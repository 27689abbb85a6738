/**
 * The absolute origin share links and OpenGraph images are given under: NEXTAUTH_URL when set (a real
 * deployment names its public address there), else the request's Host, with X-Forwarded-Host/-Proto believed
 * only behind TRUST_PROXY. Chat apps need absolute og:image URLs.
 */
import { env } from "@/server/env";

export function shareOrigin(headers: Headers, opts: { publicUrl?: string; trustProxy?: boolean } = {}): string {
  const publicUrl = opts.publicUrl ?? env.NEXTAUTH_URL;
  if (publicUrl) return new URL(publicUrl).origin;
  const trust = opts.trustProxy ?? env.TRUST_PROXY;
  const first = (v: string | null) => v?.split(",")[0]?.trim() || undefined;
  const host = (trust ? first(headers.get("x-forwarded-host")) : undefined) ?? first(headers.get("host")) ?? "localhost";
  const proto = (trust ? first(headers.get("x-forwarded-proto"))?.toLowerCase() : undefined) === "https" ? "https" : "http";
  // A Host that is not a plain host[:port] would make an odd URL; fall back rather than echo it.
  return /^[A-Za-z0-9.\-[\]:]+$/.test(host) ? `${proto}://${host}` : "http://localhost";
}
