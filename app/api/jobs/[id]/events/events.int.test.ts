/** GET /api/jobs/{id}/events against the OpenAPI document: the event stream (session auth), 401 without a session, 404 for an unknown run. */
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/client";
import { createTestDb } from "@/db/testing";
import { setRouteDbForTests } from "@/server/http/handle-route";
import { inRequestScope, routeRequest, sessionCookie } from "@/server/testing/authz-kit";
import { seedFuzzWorld, type FuzzWorld } from "@/server/testing/fuzz-kit";
import { openApiMismatches } from "@/server/testing/openapi-check";
import { GET } from "./route";

let handle: DbHandle;
let world: FuzzWorld;

beforeAll(async () => {
  handle = await createTestDb();
  setRouteDbForTests(handle);
  world = await seedFuzzWorld(handle.db);
});
afterAll(async () => handle?.close());

const events = async (id: string, cookie?: string) => {
  const request = routeRequest(`http://localhost/api/jobs/${id}/events`, { headers: cookie ? { cookie } : {} });
  return inRequestScope(request, "/api/jobs/[id]/events", () => GET(request, { params: Promise.resolve({ id }) }));
};

describe("GET /api/jobs/{id}/events", () => {
  it("streams a finished run's view once, then `end`, as documented", async () => {
    const res = await events(world.jobRun.a, await sessionCookie(world.users.viewer));
    expect(res.status).toBe(200);
    expect(await openApiMismatches(res, "GET", "/api/jobs/{id}/events")).toEqual([]);
    const text = await res.text();
    const data = text.split("\n\n").filter((e) => e.startsWith("data: "));
    expect(superjson.parse<{ id: string; status: string }>(data[0].slice("data: ".length))).toMatchObject({ id: world.jobRun.a, status: "succeeded" });
    expect(text.trimEnd().endsWith("event: end\ndata: {}")).toBe(true);
  });

  it("answers 401 without a session and 404 for an unknown run, both documented problems", async () => {
    const anonymous = await events(world.jobRun.a);
    expect(anonymous.status).toBe(401);
    expect(await openApiMismatches(anonymous, "GET", "/api/jobs/{id}/events")).toEqual([]);
    const unknown = await events("00000000-0000-4000-8000-000000000000", await sessionCookie(world.users.viewer));
    expect(unknown.status).toBe(404);
    expect(await openApiMismatches(unknown, "GET", "/api/jobs/{id}/events")).toEqual([]);
  });
});
