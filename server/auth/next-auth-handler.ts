/**
 * Runs next-auth on a plain Web Request. next-auth v4's App Router handler reads headers() and cookies() from
 * Next's request scope and parses the body itself; its API-route form (`NextAuth(req, res, options)`) takes the
 * request's parts instead. Using that form lets the sign-in route read the body first (it rate-limits by the
 * email in it) and lets tests and the bench call the route handler with a Request, as for every other route.
 */
import { STATUS_CODES } from "node:http";
import NextAuth, { type NextAuthOptions } from "next-auth";
import { BadRequestError, UnsupportedMediaTypeError } from "@/server/http/errors";
import { problemResponse } from "@/server/http/problem";
import { mediaType, readBodyBytes } from "@/server/http/read-body";

/**
 * next-auth is CommonJS with `exports.default`. Bundlers (Next, vitest) hand out that `default`; Node's own ESM
 * loader (tsx: the bench, scripts) hands out the whole exports object as the default import.
 */
export function cjsDefault<T>(imported: T): T {
  const inner = (imported as { default?: T } | null)?.default;
  return typeof imported === "function" || inner === undefined ? imported : inner;
}

/** A sign-in form is a few hundred bytes. */
export const AUTH_BODY_LIMIT_BYTES = 16 * 1024;

export type AuthBody = Record<string, unknown>;

/** The body of a POST to /api/auth/*: form-encoded (what next-auth's client sends) or JSON. */
export async function readAuthBody(request: Request): Promise<AuthBody> {
  if (request.method !== "POST") return {};
  const type = mediaType(request);
  // As next-auth's own handler: a POST without a content type carries no parameters.
  if (!type) return {};
  if (type !== "application/x-www-form-urlencoded" && type !== "application/json") {
    throw new UnsupportedMediaTypeError(type, ["application/x-www-form-urlencoded", "application/json"]);
  }
  const text = new TextDecoder().decode(await readBodyBytes(request, AUTH_BODY_LIMIT_BYTES));
  if (type === "application/x-www-form-urlencoded") return Object.fromEntries(new URLSearchParams(text));
  if (!text.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BadRequestError("the request body is not valid JSON");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new BadRequestError("the request body must be a JSON object");
  return parsed as AuthBody;
}

/** Cookie header → name/value pairs; the first of a repeated name wins (as in the `cookie` package). */
export function parseCookies(header: string | null): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || Object.hasOwn(cookies, name)) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // Kept as sent: a malformed escape is the client's cookie, not a server error.
    }
    cookies[name] = value;
  }
  return cookies;
}

/**
 * next-auth's own check of a callback URL (core/lib/assert.js): a path starting with "/" or an absolute
 * http(s) URL. A query parameter failing it would make next-auth answer a 500 "server configuration" error.
 */
export function isValidCallbackUrl(url: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(url, url.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

const CALLBACK_COOKIE = /^(__Secure-)?next-auth\.callback-url$/;

/**
 * Header values must be bytes: next-auth builds its redirect Location from the decoded path, so a path with
 * characters above U+00FF would make Headers throw. Such characters are percent-encoded (UTF-8), as in a URL.
 */
export function byteString(value: string): string {
  return value.replace(/[^\u0000-\u00ff]+/gu, (run) => {
    try {
      return encodeURIComponent(run);
    } catch {
      return "%EF%BF%BD"; // a lone surrogate: U+FFFD
    }
  });
}

/** The slice of Node's ServerResponse that next-auth's API-route handler uses. */
class CollectedResponse {
  statusCode = 200;
  readonly headers = new Headers();
  private cookies: string[] = [];
  private body: string | null = null;

  status(code: number) {
    this.statusCode = code;
    return this;
  }
  getHeader(name: string) {
    return name.toLowerCase() === "set-cookie" ? this.cookies : (this.headers.get(name) ?? undefined);
  }
  setHeader(name: string, value: string | string[]) {
    if (name.toLowerCase() === "set-cookie") this.cookies = Array.isArray(value) ? [...value] : [value];
    else this.headers.set(name, byteString(Array.isArray(value) ? value.join(", ") : value));
    return this;
  }
  json(value: unknown) {
    this.headers.set("content-type", "application/json");
    this.body = JSON.stringify(value);
  }
  send(value: unknown) {
    if (typeof value === "string" || value === undefined || value === null) {
      this.body = value ?? null;
    } else {
      if (!this.headers.has("content-type")) this.headers.set("content-type", "application/json");
      this.body = JSON.stringify(value);
    }
  }
  end() {}
  toResponse(): Response {
    const headers = new Headers(this.headers);
    for (const c of this.cookies) headers.append("set-cookie", c);
    const nullBody = this.statusCode === 204 || this.statusCode === 304 || (this.statusCode >= 300 && this.statusCode < 400 && !this.body);
    return new Response(nullBody ? null : this.body, { status: this.statusCode, headers });
  }
}

type ApiHandler = (req: unknown, res: unknown, options: NextAuthOptions) => Promise<unknown>;

/** next-auth's answer to `request` for the route /api/auth/[...nextauth] with the given path segments. */
export async function runNextAuth(options: NextAuthOptions, request: Request, nextauth: string[], body: AuthBody): Promise<Response> {
  const url = new URL(request.url);
  const cookies = parseCookies(request.headers.get("cookie"));
  // A callback-url cookie next-auth would refuse (set by hand, or stale from another origin) is dropped, as if
  // absent: next-auth sets a fresh one. Left in, it turns every auth request into a 500.
  for (const name of Object.keys(cookies)) if (CALLBACK_COOKIE.test(name) && !isValidCallbackUrl(cookies[name], url.origin)) delete cookies[name];
  const req = {
    method: request.method,
    query: { ...Object.fromEntries(url.searchParams), nextauth },
    headers: Object.fromEntries(request.headers),
    cookies,
    body,
  };
  const res = new CollectedResponse();
  await (cjsDefault(NextAuth) as unknown as ApiHandler)(req, res, options);
  const response = res.toResponse();
  // Every /api error is problem+json. next-auth answers actions and methods it does not support with text/plain
  // (a 400, or a 500 for GET /callback/credentials): those are the client's requests, so 400. Its JSON errors
  // keep their status ("server configuration" stays a 500: that one is ours).
  const type = response.headers.get("content-type") ?? "";
  if (response.status >= 400 && !type.startsWith("application/problem+json")) {
    const text = await response.text();
    const plain = type.startsWith("text/plain");
    const status = plain ? 400 : response.status;
    let detail = plain ? text.replace(/^Error:\s*/, "") : "";
    // next-auth's JSON fields (e.g. the `url` of a refused sign-in, which its client reads) stay as extensions.
    let extensions: Record<string, unknown> = {};
    if (!plain) {
      try {
        const parsed = JSON.parse(text) as unknown;
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
          extensions = parsed as Record<string, unknown>;
          detail = typeof extensions.message === "string" ? extensions.message : "";
        }
      } catch {
        // not JSON: no detail beyond the status
      }
    }
    const title = STATUS_CODES[status] ?? "Error";
    return problemResponse({ ...extensions, type: status >= 500 ? "/problems/internal" : "/problems/bad_request", title, status, detail: detail || title, instance: url.pathname });
  }
  return response;
}

/** Whether next-auth set a session cookie, i.e. the credentials were right. */
export function setsSessionCookie(response: Response): boolean {
  return response.headers.getSetCookie().some((c) => /^(__Secure-)?next-auth\.session-token(\.\d+)?=[^;]/.test(c));
}
