/**
 * The error shape clients see over HTTP: zod input issues become per-field messages, domain errors
 * keep their field and row. Runs the real fetch handler; no database is touched because every case
 * fails before a resolver reaches it.
 */
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { ValidationError } from "@/server/http/errors";
import { router, viewerProcedure, type TRPCContext } from "./init";
import { appRouter } from "./root";

const admin = { id: "00000000-0000-4000-8000-000000000001", email: "a@test.local", name: null, role: "admin" as const };

async function call(path: string, input: unknown, ctx: TRPCContext, r = appRouter as unknown as typeof appRouter) {
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://test/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: input }),
    }),
    router: r,
    createContext: async () => ctx,
  });
  return { status: res.status, body: (await res.json()) as { error: { json: { message: string; data: Record<string, unknown> } } } };
}

describe("tRPC error formatting", () => {
  it("turns zod input issues into field errors", async () => {
    const { status, body } = await call("users.create", { email: "nope", role: "viewer", password: "short" }, { db: {} as Db, user: admin });
    expect(status).toBe(400);
    expect(body.error.json.data).toMatchObject({
      code: "BAD_REQUEST",
      fieldErrors: { email: ["Enter a valid email address"], password: ["Use at least 12 characters"] },
    });
  });

  it("answers 401 without a session and 403 for a too-low role", async () => {
    expect((await call("users.create", {}, { db: {} as Db, user: null })).status).toBe(401);
    expect((await call("users.create", {}, { db: {} as Db, user: { ...admin, role: "analyst" } })).status).toBe(403);
  });

  it("maps a domain ValidationError to 400 with its field and row", async () => {
    const failing = router({
      boom: viewerProcedure.mutation(() => {
        throw new ValidationError("value is not a number", { field: "csv", row: 7, column: "kwh" });
      }),
    });
    const { status, body } = await call("boom", null, { db: {} as Db, user: admin }, failing as never);
    expect(status).toBe(400);
    expect(body.error.json.message).toBe("value is not a number");
    expect(body.error.json.data).toMatchObject({ code: "BAD_REQUEST", fieldErrors: { csv: ["value is not a number"] }, row: 7, column: "kwh" });
  });
});
