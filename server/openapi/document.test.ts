import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiMismatches } from "@/server/testing/openapi-check";
import { openApiDocument } from "./document";

/** REST routes under app/api as OpenAPI path templates (`[assetId]` → `{assetId}`). */
function routeTemplates(dir = path.resolve("app/api"), prefix = "/api"): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...routeTemplates(full, `${prefix}/${name.replace(/^\[(\.\.\.)?(\w+)\]$/, "{$1$2}")}`));
    else if (name === "route.ts") out.push(prefix);
  }
  return out;
}

// Not REST API routes: the index, the unknown-route catch-all, NextAuth, Inngest's endpoint and tRPC.
const NOT_YET_DOCUMENTED = new Set([
  "/api",
  "/api/{...path}",
  "/api/auth/{...nextauth}",
  "/api/inngest",
  "/api/trpc/{trpc}",
]);

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with a bearer scheme, and describes every route but the listed older ones", () => {
    const doc = openApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components?.securitySchemes?.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    const documented = Object.keys(doc.paths ?? {});
    const routes = routeTemplates();
    const missing = routes.filter((r) => !documented.includes(r) && !NOT_YET_DOCUMENTED.has(r));
    expect(missing, "routes missing from the OpenAPI document").toEqual([]);
    for (const p of documented) expect(routes, `documented path ${p} has no route`).toContain(p);
  });

  it("names the request and response components of the IoT endpoints", () => {
    const schemas = Object.keys(openApiDocument().components?.schemas ?? {});
    expect(schemas).toEqual(expect.arrayContaining(["PredictRequest", "PredictResponse", "BatchPredictRequest", "BatchPredictResponse", "DetectAnomaliesRequest", "DetectAnomaliesResponse", "Problem"]));
  });

  it("names the request and response components of every other REST route", () => {
    const schemas = Object.keys(openApiDocument().components?.schemas ?? {});
    expect(schemas).toEqual(
      expect.arrayContaining([
        "PushObservationsRequest", "IngestResult", "CsvImportResult", "AssetForecast", "SeriesPoints", "StartTrainingRequest", "StartTrainingResponse",
        "TrainingJob", "JobRunPage", "JobRun", "StoredForecastPage", "StoredForecast", "AssetSeriesPage", "AssetSeries", "OpenApiDocument",
      ]),
    );
    // Every JSON request body and 2xx JSON response of a REST route is a named component ($ref), not an inline schema.
    for (const [p, item] of Object.entries(openApiDocument().paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> }; responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>)) {
        const bodies = [op.requestBody?.content?.["application/json"], ...Object.entries(op.responses ?? {}).filter(([s]) => s.startsWith("2")).map(([, r]) => r.content?.["application/json"])];
        for (const b of bodies) if (b && p.startsWith("/api/v1")) expect(b.schema?.$ref, `${method} ${p}`).toMatch(/^#\/components\/schemas\//);
      }
    }
  });
});

describe("openApiMismatches", () => {
  const res = (status: number, body: unknown, type = "application/json") => new Response(JSON.stringify(body), { status, headers: { "content-type": type } });
  it("passes a body that matches and names what does not", async () => {
    expect(await openApiMismatches(res(200, { status: "ok", uptimeS: 3 }), "GET", "/api/health")).toEqual([]);
    expect(await openApiMismatches(res(200, { status: "fine" }), "GET", "/api/health")).toEqual(expect.arrayContaining([expect.stringMatching(/\/status must be equal to constant|uptimeS/)]));
    expect(await openApiMismatches(res(418, {}), "GET", "/api/health")).toEqual([expect.stringMatching(/status 418 is not documented/)]);
    expect(await openApiMismatches(res(200, {}, "text/html"), "GET", "/api/health")).toEqual([expect.stringMatching(/content type text\/html/)]);
    expect(await openApiMismatches(res(200, {}), "GET", "/api/nowhere")).toEqual([expect.stringMatching(/not in the document/)]);
    const predictOk = { asset_id: "a", metric: "m", model: { version_id: "v", version: 1, kind: "gbdt" }, origin: "2025-01-01T00:00:00.000Z", stale: false, history: "stored", forecast_data: [{ timestamp: "t", predicted_value: 1 }] };
    expect(await openApiMismatches(res(200, predictOk), "POST", "/api/v1/assets/{assetId}/predict")).toEqual([]);
    expect((await openApiMismatches(res(200, { ...predictOk, model: { version: "1" } }), "POST", "/api/v1/assets/{assetId}/predict")).length).toBeGreaterThan(0);
  });
});
