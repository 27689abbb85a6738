import { describe, expect, it } from "vitest";
import type { Session } from "next-auth";
import { jwtCallback, sessionCallback } from "./callbacks";

const expires = new Date(Date.now() + 3600_000).toISOString();

describe("next-auth callbacks", () => {
  it("puts id and role into the JWT at sign-in and keeps them afterwards", () => {
    const token = jwtCallback({ token: {}, user: { id: "u1", email: "a@b.c", name: "Ana", role: "analyst" } });
    expect(token).toMatchObject({ sub: "u1", email: "a@b.c", name: "Ana", role: "analyst" });
    expect(jwtCallback({ token: { ...token } })).toEqual(token);
  });

  it("exposes id and role in the session", () => {
    const session = sessionCallback({
      session: { expires, user: { name: "stale" } } as unknown as Session,
      token: { sub: "u1", email: "a@b.c", name: "Ana", role: "viewer" },
    });
    expect(session).toEqual({ expires, user: { id: "u1", email: "a@b.c", name: "Ana", role: "viewer" } });
  });

  it("drops the user from a session whose token has no valid role", () => {
    const session = sessionCallback({
      session: { expires } as Session,
      token: { sub: "u1", email: "a@b.c", role: "root" as never },
    });
    expect(session.user).toBeUndefined();
  });
});
