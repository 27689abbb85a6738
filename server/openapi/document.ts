/**
 * The REST API's OpenAPI 3.1 document, generated from the routes' zod schemas (@asteasolutions/zod-to-openapi):
 * the same schemas parse the requests and describe them here, so the document cannot drift from the code.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { anomaliesQuery, anomalyPage, detectAnomaliesBody, detectAnomaliesResponse } from "@/server/anomalies/schemas";
import { assetPage, pageAssetsQuery } from "@/server/assets/page-assets";
import { assetSeriesPage, assetSeriesQuery, seriesPointsQuery, seriesPointsResponse } from "@/server/assets/rest-schemas";
import { explainedAssetForecastResponse, explainForecastQuery } from "@/server/explain/schemas";
import { storedForecastPage, storedForecastsQuery } from "@/server/forecasts/schemas";
import { csvImportQuerySchema, csvImportResultSchema, ingestResultSchema, pushObservationsBodySchema, pushObservationsQuerySchema } from "@/server/ingest/schemas";
import { jobRunPageSchema, jobRunsQuerySchema, startTrainingResponseSchema, trainingJobResponseSchema } from "@/server/jobs/schemas";
import { startTrainingRequestSchema } from "@/server/training/schemas";
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
      responses: { 200: json(named(response, name), "A page"), ...errors(400, 401, 403, 404, 422, 429) },
    });
  read("/api/v1/assets", "Assets (filter by kind, search by slug or name)", pageAssetsQuery, assetPage, "AssetPage");
  read("/api/v1/anomalies", "Anomalies found in ingested readings, newest first", anomaliesQuery, anomalyPage, "AnomalyPage");
  read("/api/v1/models", "Trained models with their champion", pageQuery, modelPage, "ModelPage");
  read("/api/v1/jobs", "Job runs (filter by job name, status, asset), newest first", jobRunsQuerySchema, jobRunPageSchema, "JobRunPage");
  read("/api/v1/forecasts", "Stored forecasts with their model version and origin, newest first", storedForecastsQuery, storedForecastPage, "StoredForecastPage");
  read("/api/v1/assets/{assetId}/series", "An asset's series: metric, unit, frequency, point count, first/last timestamp", assetSeriesQuery, assetSeriesPage, "AssetSeriesPage", assetParam);
  read("/api/v1/models/{modelId}/versions", "A model's versions, newest first", pageQuery.omit({ asset: true }), versionPage, "VersionPage", z.object({ modelId: z.uuid() }));

  r.registerPath({
    method: "post",
    path: "/api/v1/assets/{assetId}/observations",
    summary: "Push readings as JSON",
    description:
      "Three shapes: `{metric, unit?, points: [{timestamp, value, quality?}]}`, a bare points array with `?metric=`, or wide rows `[{timestamp, <metric>: value, ...}]`. Timestamps ISO-8601 with offset, or epoch seconds/ms; a refused batch stores nothing. Scope `ingest`.",
    tags: ["Ingest"],
    security,
    request: { params: assetParam, query: pushObservationsQuerySchema, body: { content: { "application/json": { schema: pushObservationsBodySchema } } } },
    responses: { 200: json(ingestResultSchema, "What the run stored"), ...errors(400, 401, 403, 404, 413, 415, 422, 429) },
  });
  r.registerPath({
    method: "post",
    path: "/api/v1/imports",
    summary: "Import a CSV file",
    description: "A `text/csv` body (streamed) or `multipart/form-data` with a `file` field; `asset` and the import options come from the query string and/or form fields. Scope `ingest`.",
    tags: ["Ingest"],
    security,
    request: {
      query: csvImportQuerySchema,
      body: {
        content: {
          "text/csv": { schema: z.string() },
          "multipart/form-data": { schema: z.object({ file: z.string().meta({ format: "binary" }) }).catchall(z.string()) },
        },
      },
    },
    responses: { 201: json(csvImportResultSchema, "What the import stored"), ...errors(400, 401, 403, 404, 413, 415, 422, 429) },
  });
  r.registerPath({
    method: "get",
    path: "/api/v1/assets/{assetId}/forecast",
    summary: "The latest precomputed forecast of the asset's champion",
    description:
      "Cache, then the stored forecasts; nothing is fitted on this path. `stale` when newer readings have arrived since its origin. " +
      "`explain=true` adds `explanation`: per step a TreeSHAP waterfall (expected value, the `top` features' contributions, the rest summed, in the target's units) for GBDT versions, or the reason there is none. Scope `read` or `predict`.",
    tags: ["Read"],
    security,
    request: { params: assetParam, query: explainForecastQuery },
    responses: { 200: json(explainedAssetForecastResponse, "The forecast"), ...errors(400, 401, 403, 404, 422, 429) },
  });
  r.registerPath({
    method: "get",
    path: "/api/v1/assets/{assetId}/series/{metric}",
    summary: "A series' points in [from, to), oldest first",
    description: "Scope `read`.",
    tags: ["Read"],
    security,
    request: { params: assetParam.extend({ metric: z.string() }), query: seriesPointsQuery },
    responses: { 200: json(seriesPointsResponse, "The points"), ...errors(400, 401, 403, 404, 422, 429) },
  });
  r.registerPath({
    method: "post",
    path: "/api/v1/training-jobs",
    summary: "Queue a training job",
    description: "With `data_url` the CSV is downloaded (HTTPS, public hosts unless allow-listed, size-capped) and imported first. Answers 202 with the status URL (also in Location). Scope `train`.",
    tags: ["Training"],
    security,
    request: { body: { content: { "application/json": { schema: startTrainingRequestSchema } } } },
    responses: {
      202: { ...json(startTrainingResponseSchema, "Queued"), headers: z.object({ Location: z.string() }) },
      ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429),
    },
  });
  r.registerPath({
    method: "get",
    path: "/api/v1/training-jobs/{id}",
    summary: "A training job's status, stage, metrics and log tail",
    description: "Scope `train`; unknown ids and jobs outside the key's allow-list are the same 404.",
    tags: ["Training"],
    security,
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: json(trainingJobResponseSchema, "The job"), ...errors(400, 401, 403, 404, 429) },
  });
  r.registerPath({
    method: "get",
    path: "/api/jobs/{id}/events",
    summary: "Server-sent events of a job run (the job page)",
    description:
      "Session cookie auth (a signed-in viewer), not API keys. `data:` lines carry the job-run view superjson-encoded, sent whenever it changes (`: keep-alive` otherwise), then `event: end` once the run finishes.",
    tags: ["Operations"],
    request: { params: z.object({ id: z.string() }) },
    responses: {
      200: { description: "The event stream", content: { "text/event-stream": { schema: z.string() } } },
      400: problem("Malformed path"),
      401: problem("Not signed in"),
      404: problem("Unknown job run"),
    },
  });
  r.registerPath({
    method: "get",
    path: "/api/v1/openapi.json",
    summary: "This document",
    tags: ["Operations"],
    responses: { 200: json(named(z.record(z.string(), z.unknown()), "OpenApiDocument"), "The OpenAPI 3.1 document") },
  });

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
