/**
 * Bearer-token check for the sidecar's routes. Both sides are hashed with SHA-256 first so that
 * timingSafeEqual compares equal-length buffers and the comparison time says nothing about the token's length
 * or how many leading characters matched.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();

/** Returns a predicate over request headers; `token` null accepts every request (loopback development only). */
export function bearerTokenCheck(token: string | null): (headers: IncomingHttpHeaders) => boolean {
  if (token === null) return () => true;
  const expected = digest(token);
  return (headers) => {
    const header = headers.authorization;
    if (typeof header !== "string") return false;
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!m) return false;
    return timingSafeEqual(digest(m[1]), expected);
  };
}
