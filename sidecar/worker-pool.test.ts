import { afterEach, describe, expect, it } from "vitest";
import { exportGbdtToOnnx } from "@/ml/onnx/export-gbdt";
import { randomGbdt, stressRows } from "@/ml/onnx/testkit/random-gbdt";
import { maxRelativeDifference } from "@/ml/onnx/testkit/compare";
import { predictGbdt } from "@/ml/gbdt/predict";
import { sha256Hex, type VerifiedArtifact } from "@/server/serving/artifacts/verify-artifact";
import { InferenceInputError } from "@/server/serving/inference/errors";
import type { FeatureMatrix } from "@/server/serving/inference/feature-rows";
import { InferenceWorkerPool } from "./worker-pool";

const F = 6;
const model = randomGbdt({ seed: 77, nFeatures: F, nTrees: 30, maxDepth: 5, baseScore: 10 });
const exported = exportGbdtToOnnx(model);
const sha256 = sha256Hex(exported.bytes);
const artifact: VerifiedArtifact = { sha256, bytes: exported.bytes, manifest: { ...exported.manifest, sha256, sizeBytes: exported.bytes.byteLength } };

function rows(n: number, seed: number): { matrix: FeatureMatrix; expected: Float64Array } {
  const x64 = stressRows([model], n, seed);
  return {
    matrix: { dtype: "float32", data: Float32Array.from(x64), nRows: n, nFeatures: F },
    expected: predictGbdt(model, x64, n, F),
  };
}

let pool: InferenceWorkerPool | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

describe("InferenceWorkerPool", () => {
  it("runs a model on worker threads and matches the TypeScript predictor", async () => {
    pool = new InferenceWorkerPool(2, { executionProviders: ["cpu"], intraOpThreads: 1 });
    const served = await pool.load("m", artifact);
    expect(served.provider).toBe("cpu");
    const batches = Array.from({ length: 6 }, (_, i) => rows(200 + i, i + 1));
    const outs = await Promise.all(batches.map((b) => served.run(b.matrix)));
    outs.forEach((out, i) => {
      expect(out.nRows).toBe(batches[i].matrix.nRows);
      expect(out.columns).toEqual(exported.manifest.signature.output.columns);
      expect(maxRelativeDifference(out.values, batches[i].expected)).toBeLessThanOrEqual(1e-5);
    });
  });

  it("refuses rows of the wrong width before they reach a worker, naming the shapes", async () => {
    pool = new InferenceWorkerPool(1, { executionProviders: ["cpu"], intraOpThreads: 1 });
    const served = await pool.load("m", artifact);
    const bad: FeatureMatrix = { dtype: "float32", data: new Float32Array(F + 1), nRows: 1, nFeatures: F + 1 };
    await expect(served.run(bad)).rejects.toThrow(InferenceInputError);
    await expect(served.run(bad)).rejects.toThrow(/float32 × 7, model m expects float32 × 6/);
  });

  it("fails the runs of a worker that dies, replaces it and reloads its models", async () => {
    let restarts = 0;
    pool = new InferenceWorkerPool(1, { executionProviders: ["cpu"], intraOpThreads: 1 }, undefined, () => restarts++);
    const served = await pool.load("m", artifact);
    const big = rows(50_000, 3);
    const dying = pool.threads[0];
    // The run is posted as the worker is being terminated, so it is in flight when the worker dies. Terminating a
    // thread while onnxruntime-node is inside session.run aborts the whole process (a Napi::Error thrown during
    // the thread's teardown calls std::terminate), which made this test kill its vitest fork about one run in four.
    const exited = dying.terminate();
    const inFlight = served.run(big.matrix);
    await exited;
    await expect(inFlight).rejects.toThrow(/inference worker 0 exited/);
    expect(restarts).toBe(1);
    expect(pool.threads[0]).not.toBe(dying);
    // The replacement has the model again: a new run answers correctly.
    const small = rows(64, 4);
    const out = await served.run(small.matrix);
    expect(maxRelativeDifference(out.values, small.expected)).toBeLessThanOrEqual(1e-5);
  });

  it("refuses runs once closed instead of leaving them unanswered", async () => {
    pool = new InferenceWorkerPool(1, { executionProviders: ["cpu"], intraOpThreads: 1 });
    const served = await pool.load("m", artifact);
    await pool.close();
    await expect(served.run(rows(4, 7).matrix)).rejects.toThrow(/pool is closed/);
  });

  it("releases a retired model in the workers: later runs fail, other models keep serving", async () => {
    pool = new InferenceWorkerPool(1, { executionProviders: ["cpu"], intraOpThreads: 1 });
    const a = await pool.load("a", artifact);
    const b = await pool.load("b", artifact);
    a.retire();
    await expect(a.run(rows(4, 5).matrix)).rejects.toThrow(/model a was released/);
    const r = rows(4, 6);
    expect(maxRelativeDifference((await b.run(r.matrix)).values, r.expected)).toBeLessThanOrEqual(1e-5);
  });
});
