import { describe, expect, it } from "vitest";
import { AuthError, NotFoundError, PayloadTooLargeError, ValidationError } from "./errors";
import { errorToResponse } from "./problem";
import { bearerToken } from "./authenticate";

describe("errorToResponse", () => {
  it("maps typed errors to RFC 9457 problem details with their location", async () => {
    const res = errorToResponse(new ValidationError("bad", { field: "value", row: 3, column: "v" }), "/api/v1/x");
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await res.json()).toEqual({
      type: "/problems/validation",
      title: "Unprocessable Content",
      status: 422,
      detail: "bad",
      instance: "/api/v1/x",
      field: "value",
      row: 3,
      column: "v",
    });
    expect(errorToResponse(new NotFoundError("asset", "x")).status).toBe(404);
    const auth = errorToResponse(new AuthError());
    expect(auth.status).toBe(401);
    expect(auth.headers.get("www-authenticate")).toContain("Bearer");
    expect(await errorToResponse(new PayloadTooLargeError(10)).json()).toMatchObject({ status: 413, limitBytes: 10 });
  });

  it("hides unexpected errors behind an opaque 500", async () => {
    const original = console.error;
    console.error = () => {};
    try {
      const res = errorToResponse(new Error("password=secret in a driver message"));
      expect(res.status).toBe(500);
      expect(JSON.stringify(await res.json())).not.toContain("secret");
    } finally {
      console.error = original;
    }
  });
});

describe("bearerToken", () => {
  const req = (authorization?: string) => new Request("http://x/", { headers: authorization ? { authorization } : {} });
  it("reads Bearer tokens and refuses anything else", () => {
    expect(bearerToken(req("Bearer alm_abc_def"))).toBe("alm_abc_def");
    expect(bearerToken(req("bearer   alm_abc_def "))).toBe("alm_abc_def");
    expect(() => bearerToken(req())).toThrow(AuthError);
    expect(() => bearerToken(req("Basic dXNlcjpwYXNz"))).toThrow(AuthError);
  });
});
