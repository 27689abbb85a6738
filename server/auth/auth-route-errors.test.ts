/**
 * Odd input to /api/auth/* that next-auth itself answers badly: a callbackUrl it refuses (a 500 "server
 * configuration" error), a stale callback-url cookie (a 500 on every request), an action it does not know
 * (a text/plain 400). Each must be a 4xx problem+json, or, for the cookie, simply ignored.
 */
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  // A fixed session secret, so the test writes nothing under DATA_DIR.
  process.env.NEXTAUTH_SECRET ||= "auth-route-errors-test-secret-0123456789abcdef";
});

import { handleAuthRequest } from "./sign-in-route";
import { isValidCallbackUrl } from "./next-auth-handler";

const call = (path: string[], query = "", headers: Record<string, string> = {}) =>
  handleAuthRequest(new Request(`http://localhost/api/auth/${path.join("/")}${query}`, { headers }), path);

describe("auth route on odd input", () => {
  it("refuses a callbackUrl next-auth would choke on with a 400 naming the parameter", async () => {
    for (const path of [["session"], ["signin"], ["providers"]]) {
      const res = await call(path, "?callbackUrl=a%2Fb");
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 400, field: "callbackUrl" });
    }
    expect((await call(["providers"], "?callbackUrl=%2Fdashboard")).status).toBe(200);
    // next-auth reads the last of repeated parameters: each one is checked.
    expect((await call(["_log"], "?callbackUrl=%2Fok&callbackUrl=%3Dbad")).status).toBe(400);
  });

  it("ignores a callback-url cookie next-auth would refuse", async () => {
    const res = await call(["session"], "", { cookie: "next-auth.callback-url=javascript%3Aalert(1)" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
  });

  it("answers unknown actions with problem+json, not text/plain", async () => {
    for (const path of [["nope"], ["callback", "nope"], ["_log"]]) {
      const res = await call(path);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect((await res.json()).detail).toMatch(/not supported/);
    }
  });

  it("answers next-auth's other refusals as problem+json too (GET of the credentials callback was a 500)", async () => {
    const get = await call(["callback", "credentials"]);
    expect(get.status).toBe(400);
    expect(get.headers.get("content-type")).toBe("application/problem+json");
    const post = await handleAuthRequest(new Request("http://localhost/api/auth/session", { method: "POST" }), ["session"]);
    expect(post.status).toBe(400);
    expect(post.headers.get("content-type")).toBe("application/problem+json");
  });

  it("redirects for a path with characters above U+00FF instead of failing to set Location (was a 500)", async () => {
    const res = await call(["error", "⤯𝤇ピ"]);
    expect(res.status).toBeLessThan(500);
    if (res.headers.get("location")) expect(res.headers.get("location")).not.toMatch(/[^\x00-\xff]/);
  });

  it("judges callback URLs as next-auth does", () => {
    const base = "http://localhost:3000";
    expect(isValidCallbackUrl("/models", base)).toBe(true);
    expect(isValidCallbackUrl("https://example.com/x", base)).toBe(true);
    expect(isValidCallbackUrl("a/b", base)).toBe(false);
    expect(isValidCallbackUrl("javascript:alert(1)", base)).toBe(false);
  });
});
