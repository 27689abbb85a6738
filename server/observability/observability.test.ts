import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";
import { metrics, renderMetrics } from "./metrics";
import { checkReadiness } from "./readiness";
import { currentRequestId, requestIdFrom, withRequestId } from "./request-context";

describe("request ids", () => {
  it("keeps a sane caller id and replaces a missing or odd one", () => {
    expect(requestIdFrom(new Headers({ "x-request-id": "gw-42.a_b:c" }))).toBe("gw-42.a_b:c");
    expect(requestIdFrom(new Headers({ "x-request-id": "bad id\n" }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(new Headers())).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(new Headers({ "x-request-id": "x".repeat(129) }))).not.toBe("x".repeat(129));
  });

  it("is carried through async work and appears on log lines", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const log = createLogger({ destination: sink });
    await withRequestId("req-1", async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(currentRequestId()).toBe("req-1");
      log.info({ route: "/x" }, "hello");
    });
    log.info("outside");
    expect(currentRequestId()).toBeUndefined();
    const [inside, outside] = lines.map((l) => JSON.parse(l));
    expect(inside).toMatchObject({ requestId: "req-1", route: "/x", msg: "hello", service: "almanac" });
    expect(outside.requestId).toBeUndefined();
  });
});

describe("metrics", () => {
  it("renders Prometheus text with the app's series", async () => {
    metrics().httpDuration.observe({ route: "/api/v1/assets/[assetId]/predict", method: "POST", status: "200" }, 0.012);
    metrics().anomalies.inc({ kind: "spike_above", origin: "ingest" }, 3);
    const { body, contentType } = await renderMetrics();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toMatch(/almanac_http_request_duration_seconds_bucket\{le="0.025",route="\/api\/v1\/assets\/\[assetId\]\/predict",method="POST",status="200"\} [1-9]/);
    expect(body).toMatch(/almanac_anomalies_total\{kind="spike_above",origin="ingest"\} 3/);
    expect(body).toContain("almanac_process_");
  });
});

describe("readiness", () => {
  it("is ready when required probes pass, names the failing one, and bounds a hung probe", async () => {
    const r = await checkReadiness(
      [
        { name: "database", check: async () => "select 1" },
        { name: "sidecar", check: async () => Promise.reject(new Error("connection refused")), optional: true },
      ],
      200,
    );
    expect(r.ready).toBe(true);
    expect(r.checks.sidecar).toMatchObject({ ok: false, required: false, detail: "connection refused" });

    const t0 = performance.now();
    const hung = await checkReadiness([{ name: "redis", check: () => new Promise<string>(() => {}) }], 100);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(hung.ready).toBe(false);
    expect(hung.checks.redis).toMatchObject({ ok: false, required: true, detail: "no answer within 100 ms" });
  });
});

describe("route labels", () => {
  it("keep metrics low-cardinality: ids and metric names become parameter names", async () => {
    const { routeLabel } = await import("./route-label");
    expect(routeLabel("/api/v1/assets/line-a/predict")).toBe("/api/v1/assets/{assetId}/predict");
    expect(routeLabel("/api/v1/assets/0b7c/series/kwh")).toBe("/api/v1/assets/{assetId}/series/{metric}");
    expect(routeLabel("/api/v1/models/abc/versions")).toBe("/api/v1/models/{modelId}/versions");
    expect(routeLabel("/api/v1/predict/batch")).toBe("/api/v1/predict/batch");
    expect(routeLabel("/api/whatever/123")).toBe("other");
  });
});
