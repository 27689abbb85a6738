/**
 * Response headers that every answer carries (proxy.ts applies them), and the page CSP. Kept apart from
 * proxy.ts so the policy can be unit-tested without Next's runtime.
 */

/** For every response, pages, API and static files alike (also set in next.config.ts for `_next/static`). */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
  "x-frame-options": "DENY",
};

/** Two years, the preload list's minimum; only sent on a request that arrived over https (RFC 6797 §7.2). */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** 128 random bits, base64: unguessable and fresh per request, as a nonce must be. */
export function generateNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The page policy. Scripts: only Next's own, which it tags with the nonce it finds in this header on the
 * request; 'strict-dynamic' lets those load their chunks. Styles: 'unsafe-inline' because recharts and
 * React's `style={...}` props write inline style attributes, which a nonce cannot cover (nonces apply to
 * <style>/<script> elements, not attributes); CSS cannot run script, so the XSS protection rests on
 * script-src. Development adds 'unsafe-eval' (React rebuilds server stacks with eval in dev only).
 */
export function contentSecurityPolicy(nonce: string, opts: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    // Dev: the HMR websocket is same-origin ws:, which 'self' covers in current browsers.
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** API answers are data, never documents: nothing may load from them or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
