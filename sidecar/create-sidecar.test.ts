import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportGbdtToOnnx } from "@/ml/onnx/export-gbdt";
import { exportRidgeToOnnx } from "@/ml/onnx/export-ridge";
import { randomGbdt, stressRows } from "@/ml/onnx/testkit/random-gbdt";
import { predictGbdt } from "@/ml/gbdt/predict";
import { maxRelativeDifference } from "@/ml/onnx/testkit/compare";
import S3rver from "s3rver";
import { LocalArtifactStore } from "@/server/serving/artifacts/local-store";
import { sha256Hex } from "@/server/serving/artifacts/verify-artifact";
import { S3ArtifactStore } from "@/server/serving/artifacts/s3-store";
import { TENSOR_COLUMNS_HEADER, TENSOR_CONTENT_TYPE, TENSOR_ROWS_HEADER } from "@/server/serving/inference/sidecar-protocol";
import { SIDECAR_PROBLEM_TYPES } from "@/server/serving/problem";
import { InferenceClient } from "@/server/serving/inference/inference-client";
import { parseSidecarConfig } from "./config";
import { createSidecar, type Sidecar } from "./create-sidecar";

const F = 8;
const TOKEN = "test-sidecar-token-0123456789";
const auth = { authorization: `Bearer ${TOKEN}` };
const model = randomGbdt({ seed: 21, nFeatures: F, nTrees: 40, maxDepth: 5 });
const gbdt = exportGbdtToOnnx(model);
const ridge = exportRidgeToOnnx({ featureNames: ["a", "b"], means: [0, 1], stds: [1, 2], weights: [3, 4], intercept: 5 });

let dir: string;
let store: LocalArtifactStore;
let sidecar: Sidecar;
let base: string;
let gbdtSha: string;
let ridgeSha: string;

const post = (p: string, body: unknown) =>
  fetch(`${base}${p}`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "almanac-sidecar-"));
  store = new LocalArtifactStore(dir);
  gbdtSha = (await store.put(gbdt.bytes, gbdt.manifest)).sha256;
  ridgeSha = (await store.put(ridge.bytes, ridge.manifest)).sha256;
  sidecar = createSidecar(
    parseSidecarConfig({ SIDECAR_TOKEN: TOKEN, SIDECAR_PORT: "0", ORT_EXECUTION_PROVIDERS: "cpu", SIDECAR_MAX_MODELS: "2", ARTIFACT_DIR: dir }),
  );
  base = `http://127.0.0.1:${await sidecar.listen()}`;
});
afterAll(async () => {
  await sidecar?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("sidecar with an S3-compatible artifact store (s3rver on localhost)", () => {
  it("loads an artifact by sha256 from S3_* configuration and serves it", async () => {
    const s3 = new S3rver({
      address: "127.0.0.1",
      port: 0,
      silent: true,
      directory: path.join(dir, "s3"),
      configureBuckets: [{ name: "models", configs: [] }],
    });
    const { port } = await s3.run();
    const s3opts = { bucket: "models", prefix: "t/", endpoint: `http://127.0.0.1:${port}`, accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
    const s3store = new S3ArtifactStore(s3opts);
    const { sha256 } = await s3store.put(ridge.bytes, ridge.manifest);
    s3store.destroy();
    const onS3 = createSidecar(
      parseSidecarConfig({
        SIDECAR_TOKEN: TOKEN,
        SIDECAR_PORT: "0",
        ORT_EXECUTION_PROVIDERS: "cpu",
        S3_BUCKET: "models",
        S3_PREFIX: "t/",
        S3_ENDPOINT: s3opts.endpoint,
        S3_ACCESS_KEY_ID: "S3RVER",
        S3_SECRET_ACCESS_KEY: "S3RVER",
      }),
    );
    try {
      const url = `http://127.0.0.1:${await onS3.listen()}`;
      const load = await fetch(`${url}/v1/models`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ sha256 }) });
      expect(load.status).toBe(201);
      const out = await fetch(`${url}/v1/models/${sha256}/infer`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ rows: [[1, 3]] }),
      });
      expect((await out.json()).outputs).toEqual([[12]]);
    } finally {
      await onS3.close();
      await s3.close();
    }
  });
});

describe("sidecar HTTP API", () => {
  it("reports health and the execution provider", async () => {
    const res = await fetch(`${base}/healthz`);
    expect(await res.json()).toMatchObject({ status: "ok", provider: "cpu" });
    const metrics = await (await fetch(`${base}/metrics`, { headers: auth })).text();
    expect(metrics).toContain('sidecar_execution_provider{provider="cpu"} 1');
  });

  it("echoes the app's X-Request-Id (a sane one only) so the two logs join up", async () => {
    expect((await fetch(`${base}/healthz`, { headers: { "x-request-id": "req-42.a" } })).headers.get("x-request-id")).toBe("req-42.a");
    expect((await fetch(`${base}/v1/nothing`, { headers: { ...auth, "x-request-id": "req-43" } })).headers.get("x-request-id")).toBe("req-43");
    expect((await fetch(`${base}/healthz`, { headers: { "x-request-id": "bad id" } })).headers.get("x-request-id")).toBeNull();
    expect((await fetch(`${base}/healthz`)).headers.get("x-request-id")).toBeNull();
  });

  it("loads by sha256, infers with NaN as null, and matches the TypeScript prediction", async () => {
    const load = await post("/v1/models", { sha256: gbdtSha, id: "demand" });
    expect(load.status).toBe(201);
    expect(await load.json()).toMatchObject({ id: "demand", sha256: gbdtSha, kind: "gbdt", provider: "cpu", columns: ["mean"] });
    const n = 300;
    const X = stressRows([model], n, 5);
    const rows = Array.from({ length: n }, (_, r) => Array.from(X.subarray(r * F, (r + 1) * F), (v) => (Number.isNaN(v) ? null : v)));
    const res = await post("/v1/models/demand/infer", { rows });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { outputs: number[][]; columns: string[] };
    expect(body.columns).toEqual(["mean"]);
    expect(maxRelativeDifference(body.outputs.map((o) => o[0]), predictGbdt(model, X, n, F))).toBeLessThanOrEqual(1e-5);
  });

  it("speaks the binary float64 tensor form (what the app's client sends)", async () => {
    await post("/v1/models", { sha256: ridgeSha, id: "lin" });
    const send = (values: number[], rows: number) =>
      fetch(`${base}/v1/models/lin/infer`, {
        method: "POST",
        headers: { ...auth, "content-type": TENSOR_CONTENT_TYPE, accept: TENSOR_CONTENT_TYPE, [TENSOR_ROWS_HEADER]: String(rows) },
        body: new Uint8Array(Float64Array.from(values).buffer),
      });
    const ok = await send([1, 3, NaN, 1], 2);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.headers.get(TENSOR_COLUMNS_HEADER) ?? "")).toEqual(["mean"]);
    // 5 + 3·(1−0)/1 + 4·(3−1)/2 = 12; a NaN feature is imputed by its mean: 5 + 0 + 0 = 5.
    expect(Array.from(new Float64Array(await ok.arrayBuffer()))).toEqual([12, 5]);
    const short = await send([1, 2, 3], 2);
    expect(short.status).toBe(422);
    expect((await short.json()).detail).toMatch(/expects 2 features per row/);
    const inf = await send([1, 2, 3, Infinity], 2);
    expect(inf.status).toBe(422);
    expect((await inf.json()).detail).toMatch(/row 1, feature "b"/);
  });

  it("loads by uri and by uploaded bytes", async () => {
    const byUri = await post("/v1/models", { uri: `sha256:${ridgeSha}` });
    expect(byUri.status).toBe(201);
    const out = await (await post(`/v1/models/${ridgeSha}/infer`, { rows: [[1, 3]] })).json();
    expect(out.outputs).toEqual([[5 + 3 * 1 + 4 * 1]]);
    const other = exportRidgeToOnnx({ featureNames: ["z"], means: [0], stds: [1], weights: [2], intercept: 0 });
    const up = await post("/v1/models", {
      id: "uploaded",
      upload: { sha256: sha256Hex(other.bytes), onnxBase64: Buffer.from(other.bytes).toString("base64"), manifest: other.manifest },
    });
    expect(up.status).toBe(201);
    expect((await (await post("/v1/models/uploaded/infer", { rows: [[21]] })).json()).outputs).toEqual([[42]]);
  });

  it("refuses uploaded bytes whose hash is not the expected sha256 (422), without storing or loading them", async () => {
    const real = exportRidgeToOnnx({ featureNames: ["u"], means: [0], stds: [1], weights: [7], intercept: 1 });
    const forged = exportRidgeToOnnx({ featureNames: ["u"], means: [0], stds: [1], weights: [-7], intercept: 1 });
    const realSha = sha256Hex(real.bytes);
    const forgedSha = sha256Hex(forged.bytes);
    // The registry knows `real`; an attacker (or a corrupted copy) sends other bytes under its hash.
    const up = await post("/v1/models", {
      id: "forged",
      upload: { sha256: realSha, onnxBase64: Buffer.from(forged.bytes).toString("base64"), manifest: forged.manifest },
    });
    expect(up.status).toBe(422);
    expect(await up.json()).toMatchObject({ type: SIDECAR_PROBLEM_TYPES.artifactRefused, reason: "hash-mismatch", sha256: realSha });
    const list = (await (await fetch(`${base}/v1/models`, { headers: auth })).json()) as { models: { id: string }[] };
    expect(list.models.map((m) => m.id)).not.toContain("forged");
    expect(await store.has(forgedSha)).toBe(false);
    expect(await store.has(realSha)).toBe(false);
    // An upload without the expected hash is a bad request, naming the field.
    const unnamed = await post("/v1/models", {
      upload: { onnxBase64: Buffer.from(forged.bytes).toString("base64"), manifest: forged.manifest },
    });
    expect(unnamed.status).toBe(400);
    expect((await unnamed.json()).detail).toMatch(/upload\.sha256/);
  });

  it("requires the bearer token on every route but /healthz (401 problem+json), compared in constant time", async () => {
    const victim = exportRidgeToOnnx({ featureNames: ["v"], means: [0], stds: [1], weights: [1], intercept: 2 });
    const { sha256 } = await store.put(victim.bytes, victim.manifest);
    const attempts: [string, RequestInit][] = [
      ["/v1/models", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ sha256, id: "intruder" }) }],
      ["/v1/models", { method: "GET" }],
      ["/v1/models/lin", { method: "DELETE" }],
      ["/v1/models/lin/infer", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ rows: [[1, 3]] }) }],
      ["/metrics", { method: "GET" }],
    ];
    await post("/v1/models", { sha256: ridgeSha, id: "lin" });
    for (const badAuth of [undefined, "Bearer wrong", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN]) {
      for (const [p, init] of attempts) {
        const headers = { ...(init.headers as Record<string, string>), ...(badAuth ? { authorization: badAuth } : {}) };
        const res = await fetch(`${base}${p}`, { ...init, headers });
        expect(res.status, `${init.method} ${p} with ${badAuth}`).toBe(401);
        expect(res.headers.get("content-type")).toBe("application/problem+json");
        expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
        expect((await res.json()).type).toBe(SIDECAR_PROBLEM_TYPES.unauthorized);
      }
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const list = (await (await fetch(`${base}/v1/models`, { headers: auth })).json()) as { models: { id: string }[] };
    expect(list.models.map((m) => m.id)).toContain("lin"); // the DELETE did nothing
    expect(list.models.map((m) => m.id)).not.toContain("intruder");
  });

  it("InferenceClient sends SIDECAR_TOKEN; without it the sidecar refuses and the client answers in-process", async () => {
    const withToken = new InferenceClient({ store, inferenceUrl: base, sidecarToken: TOKEN, timeoutMs: 5_000 });
    const without = new InferenceClient({ store, inferenceUrl: base, timeoutMs: 5_000 });
    try {
      const ok = await withToken.infer(ridgeSha, [[1, 3]]);
      expect(ok.servedBy).toBe("sidecar");
      expect(Array.from(ok.values)).toEqual([12]);
      const fallback = await without.infer(ridgeSha, [[1, 3]]);
      expect(fallback).toMatchObject({ servedBy: "in-process", fallbackReason: "unavailable" });
      expect(Array.from(fallback.values)).toEqual([12]);
    } finally {
      await withToken.close();
      await without.close();
    }
  });

  it("answers problem+json for bad bodies, bad rows, unknown models and refused artifacts", async () => {
    await post("/v1/models", { sha256: gbdtSha, id: "demand" });
    const bad = await post("/v1/models/demand/infer", { rows: "nope" });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect((await bad.json()).type).toBe(SIDECAR_PROBLEM_TYPES.invalidRequest);

    const narrow = await post("/v1/models/demand/infer", { rows: [new Array(F).fill(0), [1, 2]] });
    expect(narrow.status).toBe(422);
    const p = await narrow.json();
    expect(p).toMatchObject({ type: SIDECAR_PROBLEM_TYPES.invalidRows, row: 1 });
    expect(p.detail).toMatch(/expected 8 features.*row 1/);

    const missing = await post("/v1/models/nobody/infer", { rows: [[1]] });
    expect(missing.status).toBe(404);
    expect((await missing.json()).type).toBe(SIDECAR_PROBLEM_TYPES.modelNotLoaded);

    const unknown = await post("/v1/models", { sha256: "a".repeat(64) });
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).type).toBe(SIDECAR_PROBLEM_TYPES.artifactNotFound);

    const neither = await post("/v1/models", { id: "x" });
    expect(neither.status).toBe(400);
    expect((await neither.json()).detail).toMatch(/exactly one of sha256, uri or upload/);

    // Corrupt the stored bytes of a fresh artifact: the load is refused with the reason.
    const victim = exportRidgeToOnnx({ featureNames: ["q"], means: [0], stds: [1], weights: [1], intercept: 9 });
    const { sha256 } = await store.put(victim.bytes, victim.manifest);
    const corrupt = Uint8Array.from(victim.bytes);
    corrupt[10] ^= 1;
    await writeFile(path.join(dir, sha256.slice(0, 2), `${sha256}.onnx`), corrupt);
    const refused = await post("/v1/models", { sha256 });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ type: SIDECAR_PROBLEM_TYPES.artifactRefused, reason: "hash-mismatch" });
  });

  it("unloads with DELETE and evicts the least recently used model past SIDECAR_MAX_MODELS", async () => {
    await post("/v1/models", { sha256: gbdtSha, id: "m1" });
    await post("/v1/models", { sha256: ridgeSha, id: "m2" });
    await post("/v1/models", { sha256: ridgeSha, id: "m3" }); // capacity 2: m1 evicted
    const list = (await (await fetch(`${base}/v1/models`, { headers: auth })).json()) as { models: { id: string }[] };
    expect(list.models.map((m) => m.id)).toEqual(["m2", "m3"]);
    const listed = await (await fetch(`${base}/metrics`, { headers: auth })).text();
    expect(listed).toContain(`sidecar_model_loaded{id="m3",kind="ridge",provider="cpu",sha256="${ridgeSha}"} 1`);
    expect(listed).not.toContain('sidecar_model_loaded{id="m1"');
    expect((await fetch(`${base}/v1/models/m3`, { method: "DELETE", headers: auth })).status).toBe(204);
    expect((await fetch(`${base}/v1/models/m3`, { method: "DELETE", headers: auth })).status).toBe(404);
    const metrics = await (await fetch(`${base}/metrics`, { headers: auth })).text();
    expect(metrics).toMatch(/sidecar_models_loaded 1/);
    expect(metrics).toMatch(/sidecar_model_evictions_total \d+/);
  });

  it("micro-batches concurrent requests for one model (SIDECAR_BATCH_MAX_WAIT_US) and counts them in /metrics", async () => {
    const batching = createSidecar(
      parseSidecarConfig({ SIDECAR_TOKEN: TOKEN, SIDECAR_PORT: "0", ORT_EXECUTION_PROVIDERS: "cpu", SIDECAR_BATCH_MAX_WAIT_US: "5000", ARTIFACT_DIR: dir }),
    );
    const batchingBase = `http://127.0.0.1:${await batching.listen()}`;
    const post = (p: string, body: unknown) =>
      fetch(`${batchingBase}${p}`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) });
    await post("/v1/models", { sha256: gbdtSha, id: "batched" });
    const n = 48;
    const X = stressRows([model], n * 32, 9);
    const want = predictGbdt(model, X, n * 32, F);
    const results = await Promise.all(
      Array.from({ length: 32 }, async (_, i) => {
        const rows = Array.from({ length: n }, (_, r) =>
          Array.from(X.subarray((i * n + r) * F, (i * n + r + 1) * F), (v) => (Number.isNaN(v) ? null : v)),
        );
        const body = (await (await post("/v1/models/batched/infer", { rows })).json()) as { outputs: number[][] };
        return body.outputs.map((o) => o[0]);
      }),
    );
    expect(maxRelativeDifference(results.flat(), want)).toBeLessThanOrEqual(1e-5);
    const metrics = await (await fetch(`${batchingBase}/metrics`, { headers: auth })).text();
    await batching.close();
    const count = (le: string) =>
      Number(new RegExp(`sidecar_batch_requests_bucket\\{le="${le.replace("+", "\\+")}"\\} (\\d+)`).exec(metrics)?.[1]);
    // Some run merged more than one request.
    expect(count("+Inf")).toBeGreaterThan(count("1"));
    expect(metrics).toMatch(/sidecar_requests_total\{route="infer",status="200"\} \d+/);
    expect(metrics).toMatch(/sidecar_request_duration_seconds_bucket\{route="infer",le="0.005"\} \d+/);
  });

  it("answers /healthz while a large batch runs on its inference worker (SIDECAR_WORKERS=1)", async () => {
    const big = randomGbdt({ seed: 5, nFeatures: F, nTrees: 300, maxDepth: 6 });
    const bigSha = (await store.put(exportGbdtToOnnx(big).bytes, exportGbdtToOnnx(big).manifest)).sha256;
    const s = createSidecar(parseSidecarConfig({ SIDECAR_TOKEN: TOKEN, SIDECAR_PORT: "0", ORT_EXECUTION_PROVIDERS: "cpu", SIDECAR_WORKERS: "1", ARTIFACT_DIR: dir }));
    const b = `http://127.0.0.1:${await s.listen()}`;
    try {
      await fetch(`${b}/v1/models`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ sha256: bigSha, id: "big" }) });
      const nRows = 150_000;
      const X = new Float64Array(stressRows([big], nRows, 4));
      const infer = async () => {
        const t = performance.now();
        const r = await fetch(`${b}/v1/models/big/infer`, {
          method: "POST",
          headers: { ...auth, "content-type": TENSOR_CONTENT_TYPE, [TENSOR_ROWS_HEADER]: String(nRows), accept: TENSOR_CONTENT_TYPE },
          body: new Uint8Array(X.buffer),
        });
        return { status: r.status, bytes: (await r.arrayBuffer()).byteLength, ms: performance.now() - t };
      };
      // Keep the worker busy for about 400 ms whatever this machine's speed: one run measures it, then as many
      // requests as that takes go at once (they queue on the one worker).
      const once = await infer();
      expect(once).toMatchObject({ status: 200, bytes: nRows * 8 });
      const copies = Math.min(16, Math.max(1, Math.ceil(400 / once.ms)));
      // Client and sidecar share this thread's event loop here, so its delay is how long the sidecar blocked it.
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const t0 = performance.now();
      let done = false;
      const inference = Promise.all(Array.from({ length: copies }, infer)).then((answers) => {
        done = true;
        return { answers, ms: performance.now() - t0 };
      });
      let probesDuringBatch = 0;
      while (!done) {
        const ok = (await fetch(`${b}/healthz`)).status === 200;
        if (ok && !done) probesDuringBatch++;
        await new Promise((r) => setTimeout(r, 20));
      }
      const { answers, ms } = await inference;
      delay.disable();
      for (const a of answers) expect(a).toMatchObject({ status: 200, bytes: nRows * 8 });
      // With the batch on the HTTP thread (SIDECAR_WORKERS=0) the loop stalls for the whole run and no probe
      // gets through; on a worker it keeps answering.
      // (Margins leave room for a loaded CI machine: on a quiet one the loop's worst stall is a few ms.)
      expect(delay.max / 1e6).toBeLessThan(ms / 2);
      expect(probesDuringBatch).toBeGreaterThanOrEqual(3);
    } finally {
      await s.close();
    }
  });
});
