import { describe, expect, it } from "vitest";
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from "@/server/http/errors";
import { AUTH_BODY_LIMIT_BYTES, cjsDefault, parseCookies, readAuthBody } from "./next-auth-handler";

const post = (body: string, type?: string) =>
  new Request("http://localhost/api/auth/callback/credentials", { method: "POST", headers: type ? { "content-type": type } : {}, body });

describe("readAuthBody", () => {
  it("reads form-encoded and JSON bodies, and nothing from a GET or an untyped POST", async () => {
    expect(await readAuthBody(post("email=a%40b.c&password=p+w&json=true", "application/x-www-form-urlencoded; charset=utf-8"))).toEqual({ email: "a@b.c", password: "p w", json: "true" });
    expect(await readAuthBody(post('{"email":"a@b.c"}', "application/json"))).toEqual({ email: "a@b.c" });
    expect(await readAuthBody(new Request("http://localhost/api/auth/csrf"))).toEqual({});
    expect(await readAuthBody(new Request("http://localhost/api/auth/signout", { method: "POST" }))).toEqual({});
  });

  it("refuses what is not a sign-in form with a 4xx error", async () => {
    await expect(readAuthBody(post("{", "application/json"))).rejects.toBeInstanceOf(BadRequestError);
    await expect(readAuthBody(post("[1]", "application/json"))).rejects.toBeInstanceOf(BadRequestError);
    await expect(readAuthBody(post("x", "text/plain"))).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    await expect(readAuthBody(post("a=" + "x".repeat(AUTH_BODY_LIMIT_BYTES), "application/x-www-form-urlencoded"))).rejects.toBeInstanceOf(PayloadTooLargeError);
  });
});

describe("parseCookies", () => {
  it("decodes values, keeps the first of a repeated name and survives malformed escapes", () => {
    expect(parseCookies('a=1; b="q%7Cr"; a=2; junk; c=%E0%A4%A; =x')).toEqual({ a: "1", b: "q|r", c: "%E0%A4%A" });
    expect(parseCookies(null)).toEqual({});
  });
});

describe("cjsDefault", () => {
  it("unwraps a CommonJS module's `default` and leaves a function alone", () => {
    const fn = () => 1;
    expect(cjsDefault({ default: fn })).toBe(fn);
    expect(cjsDefault(fn)).toBe(fn);
  });
});
