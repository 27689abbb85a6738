import { describe, expect, it } from "vitest";
import { renderMetrics } from "@/server/observability/metrics";
import { currentRequestId } from "@/server/observability/request-context";
import { handleRoute, json } from "./handle-route";

describe("handleRoute", () => {
  it("answers with the caller's X-Request-Id (or a new one), visible to the handler, and records the duration by route and status", async () => {
    let seen: string | undefined;
    const route = handleRoute(async (_req: Request) => {
      seen = currentRequestId();
      return json({ ok: true });
    });
    const res = await route(new Request("http://localhost/api/v1/assets/line-a/predict", { headers: { "x-request-id": "gw-7" } }));
    expect(res.headers.get("x-request-id")).toBe("gw-7");
    expect(seen).toBe("gw-7");
    const fresh = await route(new Request("http://localhost/api/v1/assets/line-a/predict"));
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const failing = handleRoute(async (_req: Request) => {
      throw new Error("boom");
    });
    const err = await failing(new Request("http://localhost/api/health"));
    expect(err.status).toBe(500);
    expect(err.headers.get("x-request-id")).toBeTruthy();
    const { body } = await renderMetrics();
    expect(body).toMatch(/almanac_http_request_duration_seconds_count\{route="\/api\/v1\/assets\/\{assetId\}\/predict",method="GET",status="200"\} 2/);
    expect(body).toMatch(/almanac_http_request_duration_seconds_count\{route="\/api\/health",method="GET",status="500"\} 1/);
  });
});
