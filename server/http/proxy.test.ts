/** proxy.ts (the repo root's Next proxy) called with real NextRequests: headers on every answer, the nonce, HSTS only on https. */
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const run = (url: string, headers: Record<string, string> = {}) => proxy(new NextRequest(url, { headers }));

function directives(csp: string | null): Map<string, string> {
  return new Map((csp ?? "").split(";").map((d) => d.trim().split(/\s+(.*)/s).slice(0, 2) as [string, string]));
}

describe("proxy", () => {
  it("sets the static security headers on pages and API answers alike", () => {
    for (const url of ["http://localhost:3000/", "http://localhost:3000/models/x", "http://localhost:3000/api/v1/imports", "http://localhost:3000/icons/icon.svg"]) {
      const res = run(url);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("permissions-policy")).toBe("camera=(), microphone=(), geolocation=()");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    }
  });

  it("gives each page request a fresh nonce in the CSP and forwards it to Next's renderer", () => {
    const a = run("http://localhost:3000/");
    const b = run("http://localhost:3000/");
    const csp = directives(a.headers.get("content-security-policy"));
    const nonce = /'nonce-([^']+)'/.exec(csp.get("script-src") ?? "")?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(b.headers.get("content-security-policy")).not.toContain(nonce);
    expect(csp.get("script-src")).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp.get("style-src")).toBe("'self' 'unsafe-inline'");
    expect(csp.get("img-src")).toBe("'self' data: blob:");
    expect(csp.get("connect-src")).toBe("'self'");
    expect(csp.get("base-uri")).toBe("'self'");
    expect(csp.get("form-action")).toBe("'self'");
    expect(csp.get("object-src")).toBe("'none'");
    // NextResponse.next({ request: { headers } }) carries the overridden request headers this way.
    expect(a.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(a.headers.get("content-security-policy"));
  });

  it("sends HSTS only when the request came over https", () => {
    expect(run("http://localhost:3000/").headers.get("strict-transport-security")).toBeNull();
    expect(run("http://localhost:3000/api/v1/imports").headers.get("strict-transport-security")).toBeNull();
    // Without TRUST_PROXY a client-sent X-Forwarded-Proto is not believed.
    expect(run("http://localhost:3000/", { "x-forwarded-proto": "https" }).headers.get("strict-transport-security")).toBeNull();
    expect(run("https://almanac.example/").headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(run("https://almanac.example/api/v1/imports").headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
  });

  it("answers a /api path with a NUL byte or a broken escape with a problem+json 400, before routing", async () => {
    for (const path of ["/api/v1/assets/a%00b/forecast", "/api/v1/assets/%ff/forecast", "/api/v1/assets/a%0d%0ab/series/x", "/api/v1/%E0%A4%A"]) {
      const res = run(`http://localhost:3000${path}`);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 400, type: "/problems/bad_request", field: "path" });
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
    expect(run("http://localhost:3000/api/v1/assets/ew-demand/forecast?metric=x").status).toBe(200);
  });
});
