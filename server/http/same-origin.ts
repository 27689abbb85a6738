/**
 * Cross-site request forgery guard for cookie-authenticated writes (tRPC mutations). Browsers send
 * Sec-Fetch-Site on every request and Origin on every POST, and a cross-site page can forge neither.
 * A request with neither header is refused as well: it is either not from a browser (and has no business
 * with a session cookie) or from a browser too old to tell us where it came from.
 */
import { env } from "@/server/env";
import { isHttps } from "./client-info";
import { ForbiddenError } from "./errors";

export interface SameOriginOptions {
  /** The app's public URL (NEXTAUTH_URL); unset: the request's own scheme and Host. */
  appUrl?: string;
  trustProxy?: boolean;
}

/** The origin the app is served from, as a browser would write it in `Origin`. */
export function appOrigin(request: Request, opts: SameOriginOptions = {}): string {
  const appUrl = "appUrl" in opts ? opts.appUrl : env.NEXTAUTH_URL;
  if (appUrl) return new URL(appUrl).origin;
  const host = request.headers.get("host") ?? new URL(request.url).host;
  return `${isHttps(request, { trustProxy: opts.trustProxy }) ? "https" : "http"}://${host}`;
}

/** Throws ForbiddenError unless the request comes from the app's own pages. */
export function assertSameOrigin(request: Request, opts: SameOriginOptions = {}): void {
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) {
    // "none": typed in the address bar or a bookmark, i.e. the user's own action.
    if (site === "same-origin" || site === "none") return;
    throw new ForbiddenError(`cross-site request refused (Sec-Fetch-Site: ${site.slice(0, 20)})`);
  }
  const origin = request.headers.get("origin");
  if (!origin) throw new ForbiddenError("request refused: no Origin or Sec-Fetch-Site header");
  const expected = appOrigin(request, opts);
  if (origin !== expected) throw new ForbiddenError(`cross-origin request refused (Origin ${origin.slice(0, 100)} is not ${expected})`);
}
