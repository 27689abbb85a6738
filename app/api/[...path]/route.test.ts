/** Unknown /api/* paths, every method: problem+json 404 (Next's own answer is an HTML page). */
import { describe, expect, it } from "vitest";
import * as route from "./route";

describe("/api/[...path]", () => {
  it("answers every method with a problem+json 404", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const) {
      const res = await route[method](new Request("http://localhost/api/v2/nothing?x=1", { method }));
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(await res.json()).toMatchObject({ status: 404, type: "/problems/not_found", instance: "/api/v2/nothing" });
    }
  });

  it("still refuses a NUL in the unknown path with a 400 rather than echoing it", async () => {
    const res = await route.GET(new Request("http://localhost/api/a%00b"));
    expect(res.status).toBe(400);
  });
});
