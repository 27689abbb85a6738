/**
 * The inference sidecar: a node:http service over onnxruntime-node.
 *   POST   /v1/models              load a model version (artifact sha256 / uri from the store, or uploaded bytes)
 *   GET    /v1/models              list loaded models
 *   DELETE /v1/models/:id          unload
 *   POST   /v1/models/:id/infer    rows → outputs (micro-batched per model)
 *   GET    /healthz                liveness + execution provider
 *   GET    /metrics                Prometheus text
 * Every route but /healthz requires `Authorization: Bearer <SIDECAR_TOKEN>` (sidecar/auth.ts; 401 otherwise).
 * Models live in an LRU (SIDECAR_MAX_MODELS). Their sessions are the same LoadedModel the app uses in-process,
 * held by SIDECAR_WORKERS inference worker threads (sidecar/worker-pool.ts) so that this thread only does HTTP and
 * batching, or, with SIDECAR_WORKERS=0, on this thread.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createArtifactStore } from "@/server/serving/artifacts/create-artifact-store";
import { ArtifactIntegrityError, ArtifactNotFoundError } from "@/server/serving/artifacts/errors";
import type { ArtifactStore } from "@/server/serving/artifacts/store";
import { verifyArtifact, sha256Hex } from "@/server/serving/artifacts/verify-artifact";
import { InferenceInputError } from "@/server/serving/inference/errors";
import { toFeatureMatrix, type FeatureMatrix, type FeatureRows } from "@/server/serving/inference/feature-rows";
import { LoadedModel, type ModelOutput, type RunnableModel } from "@/server/serving/inference/loaded-model";
import { LruCache } from "@/server/serving/inference/lru-cache";
import { probeExecutionProvider } from "@/server/serving/inference/probe-execution-provider";
import { silentLogger, type Logger } from "@/server/serving/inference/logger";
import { SANE_REQUEST_ID } from "@/server/serving/request-id";
import {
  inferRequestSchema,
  loadModelRequestSchema,
  shaFromUri,
  TENSOR_COLUMNS_HEADER,
  TENSOR_CONTENT_TYPE,
  TENSOR_ROWS_HEADER,
  type InferResponse,
  type LoadModelResponse,
} from "@/server/serving/inference/sidecar-protocol";
import { SIDECAR_PROBLEM_TYPES } from "@/server/serving/problem";
import { readLimitedBody } from "@/server/serving/read-limited-body";
import { bearerTokenCheck } from "./auth";
import type { SidecarConfig } from "./config";
import { sidecarMetrics } from "./metrics";
import { MicroBatcher } from "./micro-batcher";
import { InferenceWorkerPool } from "./worker-pool";
import { HttpProblem, problems, writeProblem } from "./problem";
import type { z } from "zod";

interface ServedModel {
  model: RunnableModel;
  batcher: MicroBatcher | null;
  /** model.run, timed into sidecar_run_duration_seconds. */
  run: (m: FeatureMatrix) => Promise<ModelOutput>;
}

export interface Sidecar {
  server: Server;
  /** Probes the execution provider, binds, and resolves with the port bound (SIDECAR_PORT=0 picks a free one). */
  listen(): Promise<number>;
  close(): Promise<void>;
  /** Execution provider sessions get ("cpu" until the first model is loaded and proves otherwise). */
  readonly provider: string;
}

function zodDetail(err: z.ZodError): string {
  const issue = err.issues[0];
  return `${issue.path.length ? issue.path.join(".") : "(body)"}: ${issue.message}`;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const bytes = await readLimitedBody(req as AsyncIterable<Buffer>, {
    limitBytes: limit,
    tooLarge: problems.payloadTooLarge,
    contentLength: req.headers["content-length"],
  });
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw problems.invalidRequest("body is not valid JSON");
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function createSidecar(config: SidecarConfig, deps: { logger?: Logger; store?: ArtifactStore } = {}): Sidecar {
  const log = deps.logger ?? silentLogger;
  const ownsStore = deps.store === undefined;
  const store = deps.store ?? createArtifactStore(config.store);
  const metrics = sidecarMetrics();
  let provider = "none";
  const pool =
    config.workers > 0
      ? new InferenceWorkerPool(
          config.workers,
          { executionProviders: config.executionProviders, intraOpThreads: config.intraOpThreads },
          log,
          () => metrics.workerRestarts.inc(),
        )
      : null;
  const modelLabels = (id: string, m: RunnableModel) => ({ id, sha256: m.sha256, kind: m.manifest.kind, provider: m.provider });
  const models = new LruCache<ServedModel>(config.maxModels, (id, served) => {
    served.model.retire();
    metrics.modelInfo.remove(modelLabels(id, served.model));
    metrics.modelEvictions.inc();
    log.info("model unloaded", { id, sha256: served.model.sha256 });
  });
  const loading = new Map<string, Promise<ServedModel>>();
  const updateGauges = () => metrics.modelsLoaded.set({}, models.size);
  updateGauges();

  async function loadModel(id: string, artifactPromise: () => Promise<ReturnType<typeof verifyArtifact>>): Promise<ServedModel> {
    const existing = models.get(id);
    if (existing) return existing;
    let pending = loading.get(id);
    if (!pending) {
      pending = (async () => {
        const t0 = performance.now();
        const artifact = await artifactPromise();
        const model = pool
          ? await pool.load(id, artifact)
          : await LoadedModel.create(id, artifact, {
              executionProviders: config.executionProviders,
              intraOpThreads: config.intraOpThreads,
              logger: log,
            });
        if (model.provider !== provider) {
          if (provider !== "none") metrics.provider.set({ provider }, 0);
          provider = model.provider;
          metrics.provider.set({ provider }, 1);
          log.info("onnxruntime execution provider", { provider, requested: config.executionProviders.join(",") });
        }
        const timedRun = async (m: FeatureMatrix) => {
          const t0 = performance.now();
          try {
            return await model.run(m);
          } finally {
            metrics.runDuration.observe((performance.now() - t0) / 1000);
          }
        };
        const batcher = config.batching.enabled
          ? new MicroBatcher(timedRun, {
              maxRows: config.batching.maxRows,
              maxWaitUs: config.batching.maxWaitUs,
              // On workers, one batch more than there are workers: each worker has its next batch queued when
              // it finishes one, instead of idling for the round trip to this thread.
              maxInFlight: config.workers > 0 ? config.workers + 1 : 1,
              onBatch: (rows, requests) => {
                metrics.batchRows.observe(rows);
                metrics.batchRequests.observe(requests);
              },
            })
          : null;
        const served: ServedModel = { model, batcher, run: timedRun };
        models.set(id, served);
        metrics.modelInfo.set(modelLabels(id, model), 1);
        updateGauges();
        log.info("model loaded", {
          id,
          sha256: artifact.sha256,
          kind: artifact.manifest.kind,
          provider: model.provider,
          ms: Math.round(performance.now() - t0),
        });
        return served;
      })().finally(() => loading.delete(id));
      loading.set(id, pending);
    }
    return pending;
  }

  async function handleLoad(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = loadModelRequestSchema.safeParse(await readJson(req, config.maxBodyBytes));
    if (!parsed.success) throw problems.invalidRequest(zodDetail(parsed.error));
    const body = parsed.data;
    let sha256: string;
    let getArtifact: () => Promise<ReturnType<typeof verifyArtifact>>;
    if (body.upload) {
      const bytes = new Uint8Array(Buffer.from(body.upload.onnxBase64, "base64"));
      sha256 = body.upload.sha256;
      // The caller names the hash the registry recorded; bytes that hash to anything else are refused before
      // they reach the shared store or a session.
      const actual = sha256Hex(bytes);
      if (actual !== sha256) throw new ArtifactIntegrityError(sha256, "hash-mismatch", `uploaded bytes hash to ${actual}`);
      const manifest = { ...body.upload.manifest, sha256, sizeBytes: bytes.byteLength };
      // Verified like any stored artifact, then kept in the store so a restart can load it by sha256.
      const verified = verifyArtifact(sha256, bytes, JSON.stringify(manifest));
      getArtifact = async () => {
        await store.put(verified.bytes, verified.manifest);
        return verified;
      };
    } else {
      sha256 = body.sha256 ?? shaFromUri(body.uri as string);
      getArtifact = () => store.get(sha256);
    }
    const id = body.id ?? sha256;
    const prior = models.peek(id);
    if (prior && prior.model.sha256 !== sha256) models.delete(id); // new version under the same id
    const served = await loadModel(id, getArtifact);
    metrics.modelLoads.inc({ outcome: "ok" });
    const sig = served.model.manifest.signature;
    const response: LoadModelResponse = {
      id,
      sha256: served.model.sha256,
      kind: served.model.manifest.kind,
      provider: served.model.provider,
      featureNames: sig.input.featureNames,
      columns: sig.output.columns,
    };
    sendJson(res, 201, response);
  }

  async function handleInfer(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const served = models.get(id);
    if (!served) {
      await readBody(req, config.maxBodyBytes);
      throw problems.modelNotLoaded(id);
    }
    const input = served.model.manifest.signature.input;
    let rows: FeatureRows;
    if ((req.headers["content-type"] ?? "").startsWith(TENSOR_CONTENT_TYPE)) {
      const nRows = Number(req.headers[TENSOR_ROWS_HEADER]);
      if (!Number.isInteger(nRows) || nRows < 1) throw problems.invalidRequest(`header ${TENSOR_ROWS_HEADER} must be a positive integer`);
      const body = await readBody(req, config.maxBodyBytes);
      if (body.byteLength % 8 !== 0) throw problems.invalidRequest("tensor body length is not a multiple of 8 bytes (float64)");
      // Copy into an aligned buffer: a Buffer may sit at any offset of Node's pool.
      const data = new Float64Array(body.byteLength / 8);
      new Uint8Array(data.buffer).set(body);
      if (data.length !== nRows * input.featureNames.length) {
        throw problems.invalidRows(
          `tensor has ${data.length} values for ${nRows} rows; model expects ${input.featureNames.length} features per row`,
        );
      }
      rows = { data, nRows };
    } else {
      const parsed = inferRequestSchema.safeParse(await readJson(req, config.maxBodyBytes));
      if (!parsed.success) throw problems.invalidRequest(zodDetail(parsed.error));
      rows = parsed.data.rows;
    }
    let matrix;
    try {
      matrix = toFeatureMatrix(rows, input);
    } catch (err) {
      if (err instanceof InferenceInputError) throw problems.invalidRows(err.message, { row: err.row, feature: err.feature });
      throw err;
    }
    metrics.requestRows.observe(matrix.nRows);
    const out = served.batcher ? await served.batcher.submit(matrix) : await served.run(matrix);
    if (!served.batcher) metrics.batchRows.observe(matrix.nRows);
    if ((req.headers.accept ?? "").includes(TENSOR_CONTENT_TYPE)) {
      const bytes = new Uint8Array(out.values.buffer, out.values.byteOffset, out.values.byteLength);
      res.writeHead(200, {
        "content-type": TENSOR_CONTENT_TYPE,
        "content-length": bytes.byteLength,
        [TENSOR_ROWS_HEADER]: String(out.nRows),
        [TENSOR_COLUMNS_HEADER]: JSON.stringify(out.columns),
      });
      res.end(bytes);
      return;
    }
    const K = out.columns.length;
    const outputs: (number | null)[][] = new Array(out.nRows);
    for (let r = 0; r < out.nRows; r++) {
      const row: (number | null)[] = new Array(K);
      for (let k = 0; k < K; k++) {
        const v = out.values[r * K + k];
        row[k] = Number.isNaN(v) ? null : v;
      }
      outputs[r] = row;
    }
    const response: InferResponse = { id, columns: out.columns, outputs, provider: served.model.provider };
    sendJson(res, 200, response);
  }

  const authorized = bearerTokenCheck(config.token);
  if (config.token === null) log.warn("SIDECAR_TOKEN is not set: every route is open to local processes (loopback development only)", { host: config.host });

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<string> {
    const method = req.method ?? "GET";
    if (path === "/healthz") {
      if (method !== "GET") throw problems.methodNotAllowed(method, path);
      sendJson(res, 200, { status: "ok", provider, modelsLoaded: models.size, workers: config.workers });
      return "healthz";
    }
    // Checked before the body is read: an unauthenticated caller gets nothing parsed, loaded or stored.
    if (!authorized(req.headers)) throw problems.unauthorized();
    if (path === "/metrics") {
      if (method !== "GET") throw problems.methodNotAllowed(method, path);
      const text = metrics.registry.render();
      res.writeHead(200, { "content-type": "text/plain; version=0.0.4; charset=utf-8", "content-length": Buffer.byteLength(text) });
      res.end(text);
      return "metrics";
    }
    if (path === "/v1/models") {
      if (method === "POST") {
        await handleLoad(req, res);
        return "load";
      }
      if (method === "GET") {
        sendJson(res, 200, {
          models: models.keys().map((id) => {
            const m = (models.peek(id) as ServedModel).model;
            return { id, sha256: m.sha256, kind: m.manifest.kind, provider: m.provider };
          }),
        });
        return "list";
      }
      throw problems.methodNotAllowed(method, path);
    }
    const infer = /^\/v1\/models\/([^/]+)\/infer$/.exec(path);
    if (infer) {
      if (method !== "POST") throw problems.methodNotAllowed(method, path);
      await handleInfer(decodeURIComponent(infer[1]), req, res);
      return "infer";
    }
    const one = /^\/v1\/models\/([^/]+)$/.exec(path);
    if (one) {
      if (method !== "DELETE") throw problems.methodNotAllowed(method, path);
      const id = decodeURIComponent(one[1]);
      if (!models.delete(id)) throw problems.modelNotLoaded(id);
      updateGauges();
      res.writeHead(204).end();
      return "unload";
    }
    throw problems.notFound(path);
  }

  const server = createServer((req, res) => {
    const t0 = performance.now();
    const path = (req.url ?? "/").split("?")[0];
    // The app sends its request id: echo it, and put it on this request's log lines, so both logs join up.
    const given = req.headers["x-request-id"];
    const requestId = typeof given === "string" && SANE_REQUEST_ID.test(given) ? given : undefined;
    if (requestId) res.setHeader("x-request-id", requestId);
    let routeName = "unknown";
    route(req, res, path)
      .then((r) => {
        routeName = r;
      })
      .catch((err: unknown) => {
        let p: HttpProblem;
        if (err instanceof HttpProblem) p = err;
        else if (err instanceof ArtifactNotFoundError) {
          p = new HttpProblem(404, SIDECAR_PROBLEM_TYPES.artifactNotFound, "Artifact not found", err.message, { sha256: err.sha256 });
        } else if (err instanceof ArtifactIntegrityError) {
          p = new HttpProblem(422, SIDECAR_PROBLEM_TYPES.artifactRefused, "Artifact refused", err.message, { sha256: err.sha256, reason: err.reason });
        } else if (err instanceof InferenceInputError) p = problems.invalidRows(err.message);
        else {
          log.error("request failed", { path, error: (err as Error).message, ...(requestId ? { requestId } : {}) });
          p = new HttpProblem(500, SIDECAR_PROBLEM_TYPES.internal, "Internal error", (err as Error).message);
        }
        if (path === "/v1/models" && req.method === "POST") metrics.modelLoads.inc({ outcome: "error" });
        if (!res.headersSent) writeProblem(res, p, path);
        else res.destroy();
        routeName = routeName === "unknown" ? (p.status === 404 && p.type === SIDECAR_PROBLEM_TYPES.notFound ? "unknown" : path.endsWith("/infer") ? "infer" : "other") : routeName;
      })
      .finally(() => {
        metrics.requests.inc({ route: routeName, status: String(res.statusCode) });
        metrics.latency.observe((performance.now() - t0) / 1000, { route: routeName });
      });
  });
  server.keepAliveTimeout = 65_000;

  return {
    server,
    get provider() {
      return provider;
    },
    listen: async () => {
      provider = await probeExecutionProvider(config.executionProviders, log);
      metrics.provider.set({ provider }, 1);
      log.info("onnxruntime execution provider", { provider, requested: config.executionProviders.join(",") });
      return new Promise<number>((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.port, config.host, () => {
          server.off("error", reject);
          const port = (server.address() as AddressInfo).port;
          log.info("sidecar listening", {
            url: `http://${config.host}:${port}`,
            executionProviders: config.executionProviders.join(","),
            workers: config.workers,
            intraOpThreads: config.intraOpThreads,
            batching: config.batching,
            store: store.location,
          });
          resolve(port);
        });
      });
    },
    close: async () => {
      for (const id of models.keys()) models.delete(id);
      // The S3 store holds an HTTP connection pool; a local store has nothing to release.
      if (ownsStore) (store as { destroy?: () => void }).destroy?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool?.close();
    },
  };
}
