/**
 * Runs before every request except Next's hashed static files (Node.js runtime, the default in Next 16):
 * security headers on every answer, a fresh CSP nonce per page request (Next reads it from the request's
 * Content-Security-Policy header and tags its own scripts with it), HSTS on https only, and for /api/* a
 * problem+json 400 for a path Next's router would choke on (a NUL or control byte, a broken `%` escape).
 */
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/server/env";
import { isHttps } from "@/server/http/client-info";
import { errorToResponse } from "@/server/http/problem";
import { assertValidPath } from "@/server/http/request-input";
import { API_CSP, contentSecurityPolicy, generateNonce, HSTS_VALUE, STATIC_SECURITY_HEADERS } from "@/server/http/security-headers";

/** The path as the client sent it, still percent-encoded (nextUrl.pathname may already be normalised). */
function rawPathname(request: NextRequest): string {
  const url = request.url;
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}

function withSecurityHeaders(response: Response, request: NextRequest, csp: string): Response {
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  response.headers.set("content-security-policy", csp);
  if (isHttps(request)) response.headers.set("strict-transport-security", HSTS_VALUE);
  return response;
}

export function proxy(request: NextRequest): Response {
  const path = rawPathname(request);
  if (path === "/api" || path.startsWith("/api/")) {
    try {
      assertValidPath(path);
    } catch (error) {
      return withSecurityHeaders(errorToResponse(error), request, API_CSP);
    }
    return withSecurityHeaders(NextResponse.next(), request, API_CSP);
  }
  const nonce = generateNonce();
  const csp = contentSecurityPolicy(nonce, { dev: env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), request, csp);
}

export const config = {
  // _next/static and _next/image are immutable files; next.config.ts gives them the static headers.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
