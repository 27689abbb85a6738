/**
 * The REST API's OpenAPI 3.1 document, generated from the routes' zod schemas (@asteasolutions/zod-to-openapi):
 * the same schemas parse the requests and describe them here, so the document cannot drift from the code.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { anomaliesQuery, anomalyPage, detectAnomaliesBody, detectAnomaliesResponse } from "@/server/anomalies/schemas";
import { assetPage, pageAssetsQuery } from "@/server/assets/page-assets";
import { modelPage, pageQuery, versionPage } from "@/server/registry/rest-pages";
import { batchBody, predictBody, predictResponse } from "@/server/predict/schemas";
import { problemSchema } from "./problem-schema";

type Responses = RouteConfig["responses"];

const problemComponent = problemSchema.meta({ id: "Problem" });

const problem = (description: string) => ({ description, content: { "application/problem+json": { schema: problemComponent } } });
const errors = (...codes: number[]): Responses => {
  const text: Record<number, string> = {
    400: "Malformed body or parameters",
    401: "Missing, unknown, revoked or expired API key",
    403: "The key lacks the scope",
    404: "Unknown asset (or outside the key's allow-list)",
    409: "No trained model yet",
    413: "Body too large",
    415: "Unsupported content type",
    422: "Invalid input: `field` and `row` name it",
    429: "Rate limit reached: see Retry-After",
    503: "Not ready",
  };
  return Object.fromEntries(codes.map((c) => [String(c), problem(text[c] ?? "Error")]));
};
const rateHeaders = z.object({
  "RateLimit-Limit": z.string(),
  "RateLimit-Remaining": z.string(),
  "RateLimit-Reset": z.string(),
});

const assetParam = z.object({ assetId: z.string().describe("The asset's id or slug") });

export const batchResponse = z.object({
  results: z.array(
    z.union([
      z.object({ asset_id: z.string(), status: z.literal(200), result: predictResponse }),
      z.object({ asset_id: z.string(), status: z.number().int(), problem: problemSchema }),
    ]),
  ),
});

export const healthResponse = z.object({ status: z.literal("ok"), uptimeS: z.number() });
export const readyResponse = z.object({
  status: z.enum(["ready", "not ready"]),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), required: z.boolean(), latencyMs: z.number(), detail: z.string() })),
});

/** A component named `id` in the document (zod metadata; no patching of zod needed). */
const named = <T extends z.ZodType>(schema: T, id: string): T => schema.meta({ id }) as T;

function build(): OpenAPIRegistry {
  const r = new OpenAPIRegistry();
  const bearer = r.registerComponent("securitySchemes", "apiKey", { type: "http", scheme: "bearer", description: "`alm_<prefix>_<secret>` from the API keys page or `npm run almanac -- keys create`" });
  const security = [{ [bearer.name]: [] }];
  const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

  r.registerPath({
    method: "post",
    path: "/api/v1/assets/{assetId}/predict",
    summary: "Forecast an asset with its champion model",
    description: "From posted `historical_data` (applied to the champion, not stored) or the stored history. Scope `predict`.",
    tags: ["IoT"],
    security,
    request: { params: assetParam, body: { content: { "application/json": { schema: named(predictBody, "PredictRequest") } } } },
    responses: { 200: { ...json(named(predictResponse, "PredictResponse"), "The forecast"), headers: rateHeaders }, ...errors(400, 401, 403, 404, 409, 413, 422, 429) },
  });
  r.registerPath({
    method: "post",
    path: "/api/v1/predict/batch",
    summary: "Up to 100 forecasts in one request",
    description: "One result or one problem per item, in order; each item counts against the key's rate limit. Scope `predict`.",
    tags: ["IoT"],
    security,
    request: { body: { content: { "application/json": { schema: named(batchBody, "BatchPredictRequest") } } } },
    responses: { 200: { ...json(named(batchResponse, "BatchPredictResponse"), "Per-item results"), headers: rateHeaders }, ...errors(400, 401, 403, 413, 422, 429) },
  });
  r.registerPath({
    method: "post",
    path: "/api/v1/assets/{assetId}/detect_anomalies",
    summary: "Which readings of a data stream are anomalous",
    description: "Spikes above/below the one-step interval, level shifts, stuck sensors and gaps, checked against the stored history. Scope `predict`.",
    tags: ["IoT"],
    security,
    request: { params: assetParam, body: { content: { "application/json": { schema: named(detectAnomaliesBody, "DetectAnomaliesRequest") } } } },
    responses: { 200: { ...json(named(detectAnomaliesResponse, "DetectAnomaliesResponse"), "The anomalies"), headers: rateHeaders }, ...errors(400, 401, 403, 404, 413, 422, 429) },
  });
  const read = (path: string, summary: string, query: z.ZodObject, response: z.ZodType, name: string, params?: z.ZodObject) =>
    r.registerPath({
      method: "get",
      path,
      summary,
      description: "Scope `read`; only what the key's asset allow-list covers. Pages: pass `next_cursor` back as `cursor`.",
      tags: ["Read"],
      security,
      request: { query, ...(params ? { params } : {}) },
      responses: { 200: json(named(response, name), "A page"), ...errors(401, 403, 404, 422) },
    });
  read("/api/v1/assets", "Assets (filter by kind, search by slug or name)", pageAssetsQuery, assetPage, "AssetPage");
  read("/api/v1/anomalies", "Anomalies found in ingested readings, newest first", anomaliesQuery, anomalyPage, "AnomalyPage");
  read("/api/v1/models", "Trained models with their champion", pageQuery, modelPage, "ModelPage");
  read("/api/v1/models/{modelId}/versions", "A model's versions, newest first", pageQuery.omit({ asset: true }), versionPage, "VersionPage", z.object({ modelId: z.uuid() }));

  r.registerPath({ method: "get", path: "/api/health", summary: "Liveness", tags: ["Operations"], responses: { 200: json(healthResponse, "The process answers") } });
  r.registerPath({
    method: "get",
    path: "/api/ready",
    summary: "Readiness: database, cache, job queue, sidecar",
    tags: ["Operations"],
    responses: { 200: json(readyResponse, "Ready"), 503: json(readyResponse, "A required dependency failed") },
  });
  r.registerPath({
    method: "get",
    path: "/api/metrics",
    summary: "Prometheus metrics",
    description: "Bearer METRICS_TOKEN, or loopback callers when it is unset.",
    tags: ["Operations"],
    responses: { 200: { description: "Prometheus text exposition format", content: { "text/plain": { schema: z.string() } } }, ...errors(401) },
  });
  return r;
}

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | undefined;

export function openApiDocument() {
  cached ??= new OpenApiGeneratorV31(build().definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "Almanac API", version: "1", description: "Time series ingestion, forecasts with intervals, and anomaly detection. Errors are RFC 9457 problem+json." },
    servers: [{ url: "/" }],
  });
  return cached;
}
