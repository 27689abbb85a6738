/**
 * End to end through a real sidecar process (`sidecar/main.ts`, as `npm run sidecar` starts it):
 * train (ml/gbdt) → export → store → load in the sidecar → infer → same numbers as the TypeScript predictor; and a sidecar
 * killed while requests are in flight loses none of them (the client answers in-process).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportGbdtToOnnx } from "@/ml/onnx/export-gbdt";
import { seededRandom, stressRows } from "@/ml/onnx/testkit/random-gbdt";
import { trainGbdt } from "@/ml/gbdt/train";
import { predictGbdt } from "@/ml/gbdt/predict";
import { maxRelativeDifference } from "@/ml/onnx/testkit/compare";
import { LocalArtifactStore } from "@/server/serving/artifacts/local-store";
import { InferenceClient, type InferenceResult } from "@/server/serving/inference/inference-client";
import { spawnSidecar, type SpawnedSidecar } from "./testkit/spawn-sidecar";

const F = 16;

/** Small trained model: three quantile heads of ml/gbdt/train.ts on synthetic data with missing values. */
function trainHeads() {
  const n = 2000;
  const rand = seededRandom(5);
  const X = new Float64Array(n * F);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < F; j++) X[r * F + j] = rand() < 0.05 ? NaN : rand() * 6 - 3;
    y[r] = 50 + 4 * (X[r * F] || 0) + 3 * Math.sin(X[r * F + 1] || 0) + (rand() - 0.5) * 6;
  }
  const featureNames = Array.from({ length: F }, (_, j) => `lag_${j}`);
  return [0.05, 0.5, 0.95].map((alpha) => ({
    column: `q${alpha}`,
    model: trainGbdt({ X, y, nRows: n, nFeatures: F }, { objective: "quantile", alpha, numTrees: 50, maxLeaves: 15, seed: 1 }, { featureNames })
      .model,
  }));
}
const heads = trainHeads();

let dir: string;
let store: LocalArtifactStore;
let sha: string;
let sidecar: SpawnedSidecar | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "almanac-sidecar-int-"));
  store = new LocalArtifactStore(dir);
  const exported = exportGbdtToOnnx(heads);
  sha = (await store.put(exported.bytes, exported.manifest)).sha256;
});
afterAll(async () => {
  await sidecar?.kill();
  await rm(dir, { recursive: true, force: true });
});

function expectMatchesTypeScript(out: InferenceResult, X: Float64Array, nRows: number) {
  expect(out.columns).toEqual(["q0.05", "q0.5", "q0.95"]);
  heads.forEach((h, k) => {
    const want = predictGbdt(h.model, X, nRows, F);
    const got = Float64Array.from({ length: nRows }, (_, r) => out.values[r * 3 + k]);
    expect(maxRelativeDifference(got, want)).toBeLessThanOrEqual(1e-5);
  });
}

describe("sidecar process", () => {
  it("train → export → store → sidecar load → infer matches predictGbdt", async () => {
    sidecar = await spawnSidecar({ ARTIFACT_DIR: dir });
    expect(sidecar.logs.join("\n")).toMatch(/"msg":"onnxruntime execution provider","provider":"cpu"/);
    const client = new InferenceClient({ store, inferenceUrl: sidecar.url, sidecarToken: sidecar.token, timeoutMs: 5_000 });
    const n = 1000;
    const X = stressRows(
      heads.map((h) => h.model),
      n,
      31,
    );
    const out = await client.infer(sha, { data: X, nRows: n });
    expect(out.servedBy).toBe("sidecar");
    expectMatchesTypeScript(out, X, n);
    const metrics = await (await fetch(`${sidecar.url}/metrics`, { headers: sidecar.authHeaders })).text();
    expect(metrics).toMatch(/sidecar_models_loaded 1/);
    await client.close();
  });

  it("loses no request when the sidecar is killed mid-load: the rest are answered in-process", async () => {
    sidecar ??= await spawnSidecar({ ARTIFACT_DIR: dir });
    const client = new InferenceClient({ store, inferenceUrl: sidecar.url, sidecarToken: sidecar.token, timeoutMs: 2_000, breakerFailureThreshold: 3 });
    const nRequests = 400;
    const rowsPer = 48;
    const X = stressRows(
      heads.map((h) => h.model),
      nRequests * rowsPer,
      77,
    );
    let done = 0;
    let killed: Promise<void> | null = null;
    const concurrency = 32;
    const results: InferenceResult[] = new Array(nRequests);
    let next = 0;
    const worker = async () => {
      while (next < nRequests) {
        const i = next++;
        results[i] = await client.infer(sha, { data: X.subarray(i * rowsPer * F, (i + 1) * rowsPer * F), nRows: rowsPer });
        done++;
        if (done === 100 && !killed) killed = (sidecar as SpawnedSidecar).kill("SIGKILL");
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    await killed;
    expect(done).toBe(nRequests);
    for (let i = 0; i < nRequests; i++) {
      expectMatchesTypeScript(results[i], X.subarray(i * rowsPer * F, (i + 1) * rowsPer * F), rowsPer);
    }
    const s = client.stats();
    // At least 300 requests were sent after the kill; a loaded machine may also time out a few before it.
    expect(s.servedBySidecar).toBeGreaterThan(0);
    expect(s.servedInProcess).toBeGreaterThanOrEqual(nRequests - 100 - concurrency);
    expect(s.servedBySidecar + s.servedInProcess).toBe(nRequests);
    expect(s.fallbacks.unavailable + s.fallbacks.timeout + s.fallbacks["circuit-open"]).toBe(s.servedInProcess);
    expect(s.fallbacks["circuit-open"]).toBeGreaterThan(0);
    expect(s.breakerState).toBe("open");
    expect(s.errors).toBe(0);
    await client.close();
  });
});
