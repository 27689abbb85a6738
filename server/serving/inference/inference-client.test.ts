import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportGbdtToOnnx } from "@/ml/onnx/export-gbdt";
import { exportRidgeToOnnx } from "@/ml/onnx/export-ridge";
import { randomGbdt, stressRows } from "@/ml/onnx/testkit/random-gbdt";
import { predictGbdt } from "@/ml/gbdt/predict";
import { maxRelativeDifference } from "@/ml/onnx/testkit/compare";
import { LocalArtifactStore } from "@/server/serving/artifacts/local-store";
import { InferenceInputError } from "./errors";
import { InferenceClient } from "./inference-client";

const F = 6;
const model = randomGbdt({ seed: 8, nFeatures: F, nTrees: 30, maxDepth: 4 });
let dir: string;
let store: LocalArtifactStore;
let sha: string;
let ridgeSha: string;
/** An HTTP server that accepts connections and never answers: a hung sidecar. */
let hung: Server;
let hungUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "almanac-client-"));
  store = new LocalArtifactStore(dir);
  const e = exportGbdtToOnnx(model);
  sha = (await store.put(e.bytes, e.manifest)).sha256;
  const r = exportRidgeToOnnx({ featureNames: ["a", "b"], means: [0, 0], stds: [1, 1], weights: [1, 1], intercept: 0 });
  ridgeSha = (await store.put(r.bytes, r.manifest)).sha256;
  hung = createServer(() => {});
  await new Promise<void>((res) => hung.listen(0, "127.0.0.1", () => res()));
  hungUrl = `http://127.0.0.1:${(hung.address() as AddressInfo).port}`;
});
afterAll(async () => {
  hung.closeAllConnections();
  await new Promise((r) => hung.close(r));
  await rm(dir, { recursive: true, force: true });
});

describe("InferenceClient", () => {
  it("runs in-process without an inference URL and matches the TypeScript prediction", async () => {
    const client = new InferenceClient({ store });
    const n = 500;
    const X = stressRows([model], n, 2);
    const out = await client.infer(sha, { data: X, nRows: n });
    expect(out.servedBy).toBe("in-process");
    expect(out.fallbackReason).toBeUndefined();
    expect(maxRelativeDifference(out.values, predictGbdt(model, X, n, F))).toBeLessThanOrEqual(1e-5);
    expect(client.stats()).toMatchObject({ requests: 1, servedInProcess: 1, breakerState: "disabled" });
    await client.close();
  });

  it("reports each answered inference's engine and duration (the app's latency histogram)", async () => {
    const seen: [string, number][] = [];
    const client = new InferenceClient({ store, onInfer: (engine, seconds) => seen.push([engine, seconds]) });
    await client.infer(ridgeSha, [[1, 2]]);
    await client.infer(ridgeSha, [[3, 4]]);
    expect(seen.map(([e]) => e)).toEqual(["in-process", "in-process"]);
    for (const [, s] of seen) expect(s).toBeGreaterThan(0);
    await expect(client.infer(ridgeSha, [[1, Infinity]])).rejects.toThrow(InferenceInputError);
    expect(seen).toHaveLength(2); // a refused request is not a latency sample
    await client.close();
  });

  it("sends the current request id to the sidecar as X-Request-Id", async () => {
    const ids: (string | undefined)[] = [];
    const sidecar = createServer((req, res) => {
      ids.push(req.headers["x-request-id"] as string | undefined);
      res.writeHead(503, { "content-type": "application/problem+json" }).end(JSON.stringify({ type: "x", title: "busy", status: 503 }));
    });
    await new Promise<void>((r) => sidecar.listen(0, "127.0.0.1", () => r()));
    try {
      let current: string | undefined = "req-abc";
      const client = new InferenceClient({ store, inferenceUrl: `http://127.0.0.1:${(sidecar.address() as AddressInfo).port}`, requestId: () => current });
      expect((await client.infer(ridgeSha, [[1, 2]])).servedBy).toBe("in-process"); // 503 → answered locally
      current = undefined;
      await client.infer(ridgeSha, [[1, 2]]);
      expect(ids[0]).toBe("req-abc");
      expect(ids.at(-1)).toBeUndefined();
      await client.close();
    } finally {
      sidecar.closeAllConnections();
      await new Promise((r) => sidecar.close(r));
    }
  });

  it("reads a flat float64 view at its offset (no copy for float64 models)", async () => {
    const client = new InferenceClient({ store });
    const big = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    // ridge: a + b
    expect(Array.from((await client.infer(ridgeSha, { data: big.subarray(4, 8), nRows: 2 })).values)).toEqual([11, 15]);
    await client.close();
  });

  it("accepts row arrays with null as missing and names the row and feature of a bad value", async () => {
    const client = new InferenceClient({ store });
    const out = await client.infer(ridgeSha, [
      [1, 2],
      [null, 1],
    ]);
    expect(out.values[0]).toBe(3);
    expect(out.values[1]).toBe(1); // a missing feature is imputed by its mean (0 here)
    const err = await client.infer(ridgeSha, [[1, 2], [1, Infinity]]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InferenceInputError);
    expect((err as Error).message).toMatch(/row 1, feature "b"/);
    await client.close();
  });

  it("falls back in-process when the sidecar is unreachable, then opens the circuit", async () => {
    const logged: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
    const logger = {
      info: (msg: string, fields?: Record<string, unknown>) => logged.push({ level: "info", msg, fields }),
      warn: (msg: string, fields?: Record<string, unknown>) => logged.push({ level: "warn", msg, fields }),
      error: (msg: string, fields?: Record<string, unknown>) => logged.push({ level: "error", msg, fields }),
    };
    const client = new InferenceClient({
      store,
      inferenceUrl: "http://127.0.0.1:9",
      breakerFailureThreshold: 2,
      breakerCooldownMs: 60_000,
      logger,
    });
    const X = stressRows([model], 4, 3);
    const want = predictGbdt(model, X, 4, F);
    for (let i = 0; i < 5; i++) {
      const out = await client.infer(sha, { data: X, nRows: 4 });
      expect(out.servedBy).toBe("in-process");
      expect(maxRelativeDifference(out.values, want)).toBeLessThanOrEqual(1e-5);
    }
    const s = client.stats();
    expect(s.fallbacks.unavailable).toBe(2);
    expect(s.fallbacks["circuit-open"]).toBe(3);
    expect(s.breakerState).toBe("open");
    expect(s.breakerOpenedTotal).toBe(1);
    expect(client.metricsText()).toMatch(/almanac_inference_fallbacks_total\{reason="circuit-open"\} 3/);
    const warnings = logged.filter((l) => l.level === "warn");
    expect(warnings.filter((l) => l.msg === "sidecar inference failed, answering in-process")).toHaveLength(2);
    expect(warnings.some((l) => l.msg === "inference circuit breaker open" && l.fields?.fallback === "in-process")).toBe(true);
    await client.close();
  });

  it("falls back on a sidecar that does not answer within the timeout", async () => {
    const client = new InferenceClient({ store, inferenceUrl: hungUrl, timeoutMs: 50 });
    const out = await client.infer(ridgeSha, [[1, 1]]);
    expect(out).toMatchObject({ servedBy: "in-process", fallbackReason: "timeout" });
    expect(out.values[0]).toBe(2);
    // Again, now that the in-process session is loaded: the hung sidecar never answers, so only the 50 ms
    // timeout ends the wait, and the answer follows at once.
    const t0 = performance.now();
    const again = await client.infer(ridgeSha, [[2, 1]]);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(again).toMatchObject({ servedBy: "in-process", fallbackReason: "timeout" });
    expect(again.values[0]).toBe(3);
    expect(client.stats().fallbacks.timeout).toBe(2);
    await client.close();
  });
});
